import AIRouteTesting
import Testing

/// Every suite that starts or uses PostgreSQL servers, one test at a time: each `initdb` and
/// server start costs a second of CPU, and beside the rest of the suite on two cores that load
/// made wall-clock-bounded tests elsewhere miss their bounds. Enabled where a server can be
/// started, or where CI requires one (`AIROUTE_REQUIRE_POSTGRES=1`: then a missing server fails).
@Suite(.serialized, .enabled(if: postgresTestsEnabled))
struct PostgreSQLSuites {}
