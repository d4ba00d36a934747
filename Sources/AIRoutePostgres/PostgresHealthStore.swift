import AIRouter

/// Member health shared on PostgreSQL (docs/shared-health.md). Work in progress.
public enum PostgresHealthStorePlaceholder {}
