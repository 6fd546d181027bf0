"use client";

import { useEffect, useRef, useState } from "react";

export type LiveTopic = "sync" | "run" | "alert" | "changeset";

export interface LiveEvent {
  topic: LiveTopic;
  fabricId?: string | null;
  data: Record<string, unknown>;
  at: string;
}

/**
 * Subscribes to /api/events (Server-Sent Events; the browser's session cookie authenticates it) and calls
 * `onEvent` for each message of the given topics (and fabric). Reconnects on its own (EventSource). Returns whether
 * the stream is connected.
 */
export function useLiveEvents(opts: { topics: readonly LiveTopic[]; fabricId?: string; onEvent: (event: LiveEvent) => void; enabled?: boolean }): boolean {
  const { topics, fabricId, enabled = true } = opts;
  const onEvent = useRef(opts.onEvent);
  useEffect(() => {
    onEvent.current = opts.onEvent;
  });
  const [connected, setConnected] = useState(false);
  const topicKey = topics.join(",");

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const params = new URLSearchParams({ topics: topicKey });
    if (fabricId) params.set("fabricId", fabricId);
    const source = new EventSource(`/api/events?${params.toString()}`);
    const handle = (e: MessageEvent<string>) => {
      try {
        onEvent.current(JSON.parse(e.data) as LiveEvent);
      } catch {
        // a malformed message: ignore it
      }
    };
    source.addEventListener("ready", () => setConnected(true));
    source.onerror = () => setConnected(false);
    for (const topic of topicKey.split(",")) source.addEventListener(topic, handle as EventListener);
    return () => {
      source.close();
      setConnected(false);
    };
  }, [enabled, fabricId, topicKey]);

  return connected;
}
