import type { Command } from "commander";
import type { Cli } from "./program.ts";

export function register(_program: Command, _cli: Cli): void {}
