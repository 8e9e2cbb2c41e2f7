/// agentsim's version: `agentsim --version` prints it. The one place it is set.
public enum AgentSimVersion {
    /// Semantic version of this release (0.x: the command line and the report formats may still change).
    public static let current = "0.5.0"
}
