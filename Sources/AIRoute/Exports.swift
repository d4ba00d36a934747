// Users `import AIRoute` only: the routing vocabulary of AIRouter (RoutingInfo, AttemptRecord,
// Configuration, ErrorClass…) appears in this module's public API and is re-exported with it.
@_exported import AIRouter
