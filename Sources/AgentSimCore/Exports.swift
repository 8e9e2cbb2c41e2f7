// Provider plugins depend on the core alone; the value types they exchange with it come along.
@_exported import AgentSimJSON
@_exported import LiveKitMetrics
