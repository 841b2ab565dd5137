// The simulator's single entry point: JSON text in, output document or a one-line error out.
import { runScenario, ScenarioError } from './run-scenario.ts';
import type { SimulationOutput } from './output.ts';
import { parseScenario } from './scenario-schema.ts';

export type SimulationOutcome = { output: SimulationOutput } | { error: string };

export function simulate(text: string): SimulationOutcome {
  const parsed = parseScenario(text);
  if ('error' in parsed) return parsed;
  try {
    return { output: runScenario(parsed.scenario) };
  } catch (error) {
    if (error instanceof ScenarioError) return { error: error.message };
    throw error;
  }
}
