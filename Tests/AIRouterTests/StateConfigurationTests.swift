import Testing

@testable import AIRouter

/// The `state:` section (docs/configuration.md, "`state:`"): the backend, a PostgreSQL URL whose
/// password only ever comes from a variable, and the table's names and timeouts.
struct StateConfigurationTests {
    static func yaml(_ state: String) -> String {
        "version: 1\nstate:\n" + state.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func nothingConfiguredMeansTheHealthFile() throws {
        let configuration = try ConfigurationFixture.parse("version: 1\n")
        #expect(configuration.state == StateSettings())
        #expect(configuration.state.backend == .file)
    }

    @Test func thePostgresBackendFromAVariable() throws {
        let environment = ["AIROUTE_STATE_URL": "postgres://airoute:s3cret-pw@db.internal:6432/fleet?sslmode=require"]
        let configuration = try ConfigurationFixture.parse(
            Self.yaml(
                """
                backend: postgres
                url: ${AIROUTE_STATE_URL}
                schema: routing
                table: member_health
                connect_timeout: 3s
                write_timeout: 250ms
                """), environment: environment)
        let state = configuration.state
        #expect(state.backend == .postgres)
        #expect(state.schema == "routing")
        #expect(state.table == "member_health")
        #expect(state.connectTimeout == .seconds(3))
        #expect(state.writeTimeout == .milliseconds(250))
        let location = try #require(state.postgres)
        #expect(location.host == "db.internal")
        #expect(location.port == 6432)
        #expect(location.user == "airoute")
        #expect(location.password?.reveal() == "s3cret-pw")
        #expect(location.database == "fleet")
        #expect(location.tls == .require)
        #expect(!"\(location)".contains("s3cret"))
        #expect("\(location)" == "postgres://airoute@db.internal:6432/fleet")
    }

    @Test func aPasswordWrittenInTheFileIsRefusedWithoutShowingIt() {
        let errors = ConfigurationFixture.errors(
            Self.yaml("backend: postgres\nurl: postgres://airoute:hunter2hunter2@db/fleet"))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("password written in the file") == true)
        #expect(errors.allSatisfy { !$0.description.contains("hunter2") })
    }

    @Test func aPasswordFromItsOwnVariableIsAccepted() throws {
        let configuration = try ConfigurationFixture.parse(
            Self.yaml("backend: postgres\nurl: postgres://airoute:${PGPW}@db/fleet"), environment: ["PGPW": "pw"])
        #expect(configuration.state.postgres?.password?.reveal() == "pw")
        #expect(configuration.state.postgres?.port == 5432)
    }

    @Test(arguments: [
        ("backend: redis", "expected file or postgres"),
        ("backend: postgres", "backend postgres needs url"),
        ("backend: postgres\nurl: ${UNSET_URL}", "UNSET_URL is not set"),
        ("backend: postgres\nurl: mysql://a@b/c", "postgres://"),
        ("backend: postgres\nurl: postgres://db/fleet", "names no user"),
        ("backend: postgres\nurl: postgres://a@db:99999/fleet", "a port is 1-65535"),
        ("backend: postgres\nurl: postgres://a@db/fleet?sslmode=maybe", "sslmode must be one of"),
        ("backend: postgres\nurl: postgres://a@db/fleet?application_name=x", "only sslmode"),
        ("schema: Public", "lower-case SQL name"),
        ("table: \"x; DROP TABLE y\"", "lower-case SQL name"),
        ("write_timeout: 0s", "longer than zero"),
        ("colour: blue", "colour"),
    ])
    func mistakesAreOneLineErrors(state: String, message: String) {
        let errors = ConfigurationFixture.errors(Self.yaml(state))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test func aURLWithTheFileBackendIsAWarning() throws {
        let configuration = try ConfigurationFixture.parse(Self.yaml("backend: file\nurl: postgres://a@db/fleet"))
        #expect(configuration.warnings.contains { $0.message.contains("only with backend: postgres") })
    }
}
