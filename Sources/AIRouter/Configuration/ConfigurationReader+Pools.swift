import Yams

extension ConfigurationReader {
    static let poolKeys = ["operation", "strategy", "members", "require", "failover_on_content_filter"] + settingsKeys

    /// The keys of a member written as a mapping.
    static let memberKeys = ["model", "priority", "weight"]

    /// The operation of each standard pool name, used when a pool of that name omits `operation`.
    static let standardPoolOperations: [String: ModelOperation] = [
        "text-generation": .chat, "embeddings": .embeddings, "text-to-speech": .speech,
        "speech-to-text": .transcription, "text-to-image": .imageGeneration,
    ]

    /// Reads `pools:` in declaration order, resolving members against `models` (in `modelOrder`).
    mutating func readPools(
        _ node: Node, path: String, models: [String: ModelConfiguration], modelOrder: [String],
        defaults: RoutingSettings
    ) -> [PoolConfiguration] {
        guard let entries = entries(node, path: path) else { return [] }
        return entries.compactMap { readPool($0, models: models, modelOrder: modelOrder, defaults: defaults) }
    }

    private mutating func readPool(
        _ entry: ConfigurationEntry, models: [String: ModelConfiguration], modelOrder: [String],
        defaults: RoutingSettings
    ) -> PoolConfiguration? {
        guard let fields = entries(entry.value, path: entry.path, allowed: Self.poolKeys) else { return nil }
        let field = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        let operation = readOperation(field["operation"], entry: entry)
        var pool = PoolConfiguration(name: entry.name, operation: operation ?? .chat, members: [], settings: defaults)
        if let strategy = field["strategy"], let name = string(strategy.value, path: strategy.path) {
            if let parsed = RoutingStrategy(rawValue: name) {
                pool.strategy = parsed
            } else {
                let known = RoutingStrategy.allCases.map(\.rawValue)
                let hint = EditDistance.hint(for: name, among: known)
                error(
                    "unknown strategy \(quoted(strategy.value))\(hint); known: \(known.joined(separator: ", "))",
                    at: strategy.value, key: strategy.path)
            }
        }
        if let require = field["require"] { pool.require = capabilities(require.value, path: require.path) ?? [] }
        if let failover = field["failover_on_content_filter"],
            let value = bool(failover.value, path: failover.path)
        {
            pool.failoverOnContentFilter = value
        }
        let inherited = pool.settings
        for setting in fields { _ = applySetting(setting, to: &pool.settings) }
        if pool.settings != inherited { checkCooldowns(pool.settings, at: entry.value, path: entry.path) }

        let needed = (operation?.capability ?? []).union(pool.require)
        if let members = field["members"] {
            pool.members = readMembers(members, models: models, needed: needed, operation: operation)
        } else if field["require"] != nil {
            var position = 0
            for id in modelOrder {
                guard let model = models[id], model.capabilities.isSuperset(of: needed) else { continue }
                position += 1
                pool.members.append(PoolMember(model: id, priority: position))
            }
            if pool.members.isEmpty {
                let names = needed.names.joined(separator: ", ")
                warning(
                    "no model has every capability this pool requires (\(names)): the pool is empty",
                    at: entry.keyNode, key: entry.path)
            }
        } else {
            error("a pool needs 'members:' or 'require:'", at: entry.keyNode, key: entry.path)
        }
        if operation == .embeddings { checkEmbeddingSpaces(pool, models: models, entry: entry) }
        return pool
    }

    private mutating func readOperation(_ field: ConfigurationEntry?, entry: ConfigurationEntry) -> ModelOperation? {
        guard let field else {
            if let standard = Self.standardPoolOperations[entry.name] { return standard }
            error(
                "missing 'operation' (chat, embeddings, speech, transcription or image_generation)",
                at: entry.keyNode, key: entry.path)
            return nil
        }
        guard let name = string(field.value, path: field.path) else { return nil }
        guard let operation = ModelOperation(rawValue: name) else {
            let known = ModelOperation.allCases.map(\.rawValue)
            let hint = EditDistance.hint(for: name, among: known)
            error(
                "unknown operation \(quoted(field.value))\(hint); known: \(known.joined(separator: ", "))",
                at: field.value, key: field.path)
            return nil
        }
        return operation
    }

    private mutating func readMembers(
        _ entry: ConfigurationEntry, models: [String: ModelConfiguration], needed: CapabilitySet,
        operation: ModelOperation?
    ) -> [PoolMember] {
        guard let items = items(entry.value, path: entry.path) else { return [] }
        if items.isEmpty {
            error("the pool has no members", at: entry.value, key: entry.path)
            return []
        }
        var members: [PoolMember] = []
        for (offset, item) in items.enumerated() {
            guard var member = readMember(item.node, path: item.path, position: offset + 1) else { continue }
            let modelNode = memberModelNode(item.node)
            let modelPath = Self.isMapping(item.node) ? "\(item.path).model" : item.path
            guard let model = models[member.model] else {
                if !brokenNames.contains("models.\(member.model)") {
                    let hint = EditDistance.hint(for: member.model, among: models.keys.sorted())
                    error("unknown model \(quoted(modelNode))\(hint)", at: modelNode, key: modelPath)
                }
                continue
            }
            if members.contains(where: { $0.model == member.model }) {
                error("model \(quoted(modelNode)) is listed twice", at: modelNode, key: modelPath)
                continue
            }
            let missing = needed.subtracting(model.capabilities)
            if !missing.isEmpty {
                let what = operation.map { "operation \($0.rawValue)" } ?? "this pool"
                error(
                    "model \(quoted(modelNode)) lacks \(missing.names.joined(separator: ", ")), needed by \(what)",
                    at: modelNode, key: modelPath)
                continue
            }
            member.model = model.id
            members.append(member)
        }
        return members
    }

    private static func isMapping(_ node: Node) -> Bool {
        if case .mapping = node { return true }
        return false
    }

    private func memberModelNode(_ node: Node) -> Node {
        guard case .mapping(let mapping) = node, let model = mapping["model"] else { return node }
        return model
    }

    private mutating func readMember(_ node: Node, path: String, position: Int) -> PoolMember? {
        guard Self.isMapping(node) else {
            return string(node, path: path).map { PoolMember(model: $0, priority: position) }
        }
        guard let fields = entries(node, path: path, allowed: Self.memberKeys) else { return nil }
        var member = PoolMember(model: "", priority: position)
        var hasModel = false
        for field in fields {
            switch field.name {
            case "model":
                if let name = string(field.value, path: field.path) {
                    member.model = name
                    hasModel = true
                } else {
                    return nil
                }
            case "priority":
                if let value = int(field.value, path: field.path, atLeast: 0) { member.priority = value }
            default:
                guard let value = double(field.value, path: field.path) else { continue }
                if value > 0 {
                    member.weight = value
                } else {
                    error("weight must be greater than zero", at: field.value, key: field.path)
                }
            }
        }
        guard hasModel else {
            error("missing 'model'", at: node, key: path)
            return nil
        }
        return member
    }

    private mutating func checkEmbeddingSpaces(
        _ pool: PoolConfiguration, models: [String: ModelConfiguration], entry: ConfigurationEntry
    ) {
        var spaces: [String] = []
        for member in pool.members {
            guard let space = models[member.model]?.embeddingSpace, !spaces.contains(space) else { continue }
            spaces.append(space)
        }
        if spaces.count > 1 {
            let list = spaces.map { "'\(Self.display($0))'" }.joined(separator: ", ")
            error(
                "an embeddings pool mixes embedding spaces \(list): vectors from different spaces are not comparable",
                at: entry.keyNode, key: entry.path)
        }
    }
}
