/** Every Inngest function of HFM: served at /api/inngest (Inngest) and driven by the embedded executor. */
import { alertNotify } from "./alert-notify";
import { applyDirect } from "./apply-direct";
import { changeSetSubmit } from "./changeset-submit";
import { fabricSync } from "./fabric-sync";
import { schedulerTick } from "./scheduler-tick";

export { alertNotify, applyDirect, changeSetSubmit, fabricSync, schedulerTick };

export const functions = [schedulerTick, fabricSync, changeSetSubmit, applyDirect, alertNotify];
