/** The JSON Schema of Plan JSON, generated from the zod definitions so the two never drift apart. */
import { z } from 'zod';
import { PLAN_FORMAT, PlanDocumentSchema } from './plan-format.ts';

export function planJsonSchema(): Record<string, unknown> {
  // "input" describes what a writer may send: fields with defaults may be left out.
  const schema = z.toJSONSchema(PlanDocumentSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...schema,
    $id: 'https://improvement-plan-tracker.example/schema/improvement-plan-v1.schema.json',
    title: `Plan JSON (${PLAN_FORMAT})`,
    description:
      "A children's services improvement plan: sources, sections, recommendations, actions, measures, people and findings.",
  };
}
