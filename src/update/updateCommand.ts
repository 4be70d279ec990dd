import type { UpdateUrl } from "./updateUrl.js";

/**
 * A.1.3's final commands, run after the file's last command: "ireset resets the device as soon it is idle, reset
 * resets the device immediately, iresetn … only if a reset is required, resetn …, ser this is a no-op".
 */
export const FINAL_COMMANDS = ["ireset", "reset", "iresetn", "resetn", "ser"] as const;
export type FinalCommand = (typeof FINAL_COMMANDS)[number];

/** One command of a command file (App. A.1.3–A.1.7) with its 1-based line. */
export type UpdateCommand =
  | {
      readonly line: number;
      readonly module: "UP1";
      readonly cmd: "check";
      readonly final: FinalCommand;
      readonly serial: string;
    }
  | {
      readonly line: number;
      readonly module: "UP1";
      readonly cmd: "times";
      readonly allowHours?: readonly number[];
      readonly initialMinutes?: number;
    }
  | {
      readonly line: number;
      readonly module: "UP0";
      readonly cmd: "prot" | "boot";
      readonly url: UpdateUrl;
      readonly final: FinalCommand;
      readonly serial: string;
    }
  | {
      readonly line: number;
      readonly module: "UP0";
      readonly cmd: "scfg";
      /** The URL with its #d #m #h #b<n> sequences (updateUrl.ts substituteSaveUrl), checked when the file is read. */
      readonly template: string;
      readonly final?: FinalCommand;
      readonly serial?: string;
      readonly forceHours?: number;
    }
  | {
      readonly line: number;
      readonly module: "UP0";
      readonly cmd: "cfg";
      readonly url: UpdateUrl;
      readonly final: FinalCommand;
      readonly serial: string;
    }
  | { readonly line: number; readonly module: "RFP_UPDATE0"; readonly cmd: "firmware"; readonly url: UpdateUrl }
  /** The RFP ports 1–16 of the hex mask, ascending (A.1.7: "port 1 at the LSB (0x0001) up to port 16 (0x8000)"). */
  | { readonly line: number; readonly module: "RFP_UPDATE0"; readonly cmd: "select"; readonly ports: readonly number[] }
  /** Without `at`, "the update will be immediate when the start command is issued" (A.1.7). */
  | {
      readonly line: number;
      readonly module: "RFP_UPDATE0";
      readonly cmd: "schedule";
      readonly at?: { year: number; month: number; day: number; hour: number; minute: number };
    }
  | {
      readonly line: number;
      readonly module: "RFP_UPDATE0";
      readonly cmd: "start";
      readonly idle: boolean;
      readonly sequence: boolean;
    }
  /** A `config …` or `vars …` line, trimmed, for the device's own command reader (A.1.3, App. E). */
  | { readonly line: number; readonly module: "device"; readonly text: string };
