import HTTPTypes

extension HTTPFields {
    /// A provider's configured headers (ordered name/value pairs in the configuration), as the
    /// fields of a request, in order.
    ///
    /// - Throws: ``UpstreamFailure`` (`not_found`, a configuration mistake: the member is cooled
    ///   and the call fails over) for a name that is not an HTTP token.
    init(configured provider: ProviderConfiguration) throws(UpstreamFailure) {
        self.init()
        for header in provider.headers {
            guard let name = HTTPField.Name(header.name) else {
                throw UpstreamFailure(
                    .notFound, message: "provider '\(provider.name)' has an invalid header name '\(header.name)'")
            }
            append(HTTPField(name: name, value: header.value))
        }
    }
}
