extension MapReader {
    /// `key` qualified by this map's path, as messages name it: `session.options.caching`.
    public func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
