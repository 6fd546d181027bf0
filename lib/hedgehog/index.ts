/**
 * Public API of the Hedgehog library (pure: no I/O). UI, server, CLI and tests import from here.
 */
export * from "./types";
export * from "./registry";
export * from "./pointer";
export * from "./schema";
export * from "./yaml";
export * from "./canonical";
export * from "./defaults";
export * from "./report";
export * from "./generator";
export * from "./validate";
export * from "./fabric-config";
export * from "./ip";
export * from "./catalog";
