import AgentSimCLI

await AgentSim.entry()
