import Yams

extension ConfigurationReader {
    /// The keys of `defaults:`, which pools may also set.
    static let settingsKeys = [
        "timeout", "connect_timeout", "first_token_timeout", "idle_timeout", "max_attempts", "failure_threshold",
        "cooldown", "max_cooldown", "max_retry_after", "auth_cooldown", "quota_cooldown", "attempt_timeout",
    ]

    /// Applies one settings key to `settings`; returns `false` when `entry` is not a settings key.
    mutating func applySetting(_ entry: ConfigurationEntry, to settings: inout RoutingSettings) -> Bool {
        let durationKeys: [String: WritableKeyPath<RoutingSettings, Duration>] = [
            "timeout": \.timeout, "connect_timeout": \.connectTimeout, "first_token_timeout": \.firstTokenTimeout,
            "idle_timeout": \.idleTimeout, "cooldown": \.cooldown, "max_cooldown": \.maxCooldown,
            "max_retry_after": \.maxRetryAfter,
        ]
        let optionalDurationKeys: [String: WritableKeyPath<RoutingSettings, Duration?>] = [
            "auth_cooldown": \.authCooldown, "quota_cooldown": \.quotaCooldown, "attempt_timeout": \.attemptTimeout,
        ]
        if let keyPath = durationKeys[entry.name] {
            if let value = duration(entry.value, path: entry.path) { settings[keyPath: keyPath] = value }
            return true
        }
        if let keyPath = optionalDurationKeys[entry.name] {
            if let value = duration(entry.value, path: entry.path) { settings[keyPath: keyPath] = value }
            return true
        }
        switch entry.name {
        case "max_attempts":
            if let value = int(entry.value, path: entry.path, atLeast: 1) { settings.maxAttempts = value }
        case "failure_threshold":
            if let value = int(entry.value, path: entry.path, atLeast: 1) { settings.failureThreshold = value }
        default:
            return false
        }
        return true
    }

    /// Reads the `defaults:` mapping.
    mutating func readDefaults(_ node: Node, path: String) -> RoutingSettings {
        var settings = RoutingSettings()
        guard !Self.isNull(node), let entries = entries(node, path: path, allowed: Self.settingsKeys) else {
            return settings
        }
        for entry in entries { _ = applySetting(entry, to: &settings) }
        checkCooldowns(settings, at: node, path: path)
        return settings
    }

    /// `cooldown` may not exceed `max_cooldown`; `auth_cooldown` and `quota_cooldown` beyond it are capped.
    mutating func checkCooldowns(_ settings: RoutingSettings, at node: Node, path: String) {
        func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        if settings.cooldown > settings.maxCooldown {
            error("cooldown is longer than max_cooldown", at: node, key: key("cooldown"))
        }
        for (name, value) in [("auth_cooldown", settings.authCooldown), ("quota_cooldown", settings.quotaCooldown)] {
            if let value, value > settings.maxCooldown {
                warning(
                    "\(name) is longer than max_cooldown, which caps it; raise max_cooldown for a longer cooldown",
                    at: node, key: key(name))
            }
        }
    }
}
