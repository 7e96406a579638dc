// The OpenCode bridge's plugin (https://opencode.ai/docs/plugins/), loaded by the OpenCode the bridge runs.
// For a session of the bridge's agent, the provider gets the client's system prompt exactly as sent: the text
// the bridge puts in the prompt's "system" field, in place of the system prompt OpenCode builds (its agent
// prompt, environment block and instructions); with no system text, no system message at all. What other
// plugins add to the system prompt is kept.
const AGENT = "bridge"

export const LocalAiRouterBridge = async () => {
  const systems = new Map()
  return {
    "chat.message": async (input, output) => {
      if (input.agent === AGENT && input.sessionID) {
        systems.set(input.sessionID, output.message?.system ?? "")
      }
    },
    "experimental.chat.system.transform": async (input, output) => {
      if (!input.sessionID || !systems.has(input.sessionID) || !Array.isArray(output.system)) {
        return
      }
      const system = systems.get(input.sessionID)
      if (system) {
        output.system[0] = system
      } else {
        output.system.splice(0, 1)
      }
    },
    event: async ({ event }) => {
      if (event?.type === "session.deleted") {
        systems.delete(event.properties?.info?.id ?? event.properties?.sessionID)
      }
    },
  }
}
