/** Next.js calls register() once per server process before serving: start HFM's background machinery there. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./server/startup");
    await startServer();
  }
}
