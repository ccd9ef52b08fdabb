import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../src/domain/plan.ts';

describe('planJsonSchema', () => {
  it('is strict: every object requires all its properties and allows no others', () => {
    const objects: Record<string, unknown>[] = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'object') objects.push(n);
      Object.values(n).forEach(walk);
    };
    walk(planJsonSchema);
    expect(objects.length).toBe(10);
    for (const o of objects) {
      expect(o.additionalProperties).toBe(false);
      expect([...(o.required as string[])].sort()).toEqual(Object.keys(o.properties as object).sort());
    }
    expect(planJsonSchema).not.toHaveProperty('$schema');
  });

  it('uses only keywords OpenAI strict mode supports, and a union with null for nullable targets', () => {
    const supported = new Set([
      'type',
      'properties',
      'required',
      'additionalProperties',
      'items',
      'enum',
      'minimum',
      'maximum',
      'minItems',
      'maxItems',
      'anyOf',
    ]);
    const keywords = new Set<string>();
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      for (const [key, child] of Object.entries(node)) {
        keywords.add(key);
        if (key === 'properties') Object.values(child as object).forEach(walk);
        else if (Array.isArray(child)) child.forEach(walk);
        else walk(child);
      }
    };
    walk(planJsonSchema);
    expect([...keywords].filter((k) => !supported.has(k))).toEqual([]);
    const nutrition = (planJsonSchema.properties as Record<string, { properties: Record<string, unknown> }>)
      .nutrition!;
    const targets = nutrition.properties.daily_targets as { properties: Record<string, { type: unknown }> };
    expect(targets.properties.calories!.type).toEqual(['number', 'null']);
  });

  it('has the snake_case sections and keys the STRUKT app reads', () => {
    const keysOf = (o: unknown) => Object.keys((o as { properties: object }).properties).sort();
    const sections = (planJsonSchema as { properties: Record<string, unknown> }).properties;
    expect(keysOf(planJsonSchema)).toEqual(['coaching', 'nutrition', 'recovery', 'training']);
    expect(keysOf(sections.training)).toEqual(['overview', 'schedule', 'workouts']);
    expect(keysOf(sections.nutrition)).toEqual(['daily_targets', 'guidelines', 'overview', 'sample_meals']);
    expect(keysOf(sections.recovery)).toEqual(['active_recovery', 'overview', 'sleep', 'stress_management']);
    expect(keysOf(sections.coaching)).toEqual([
      'key_focus_areas',
      'motivation',
      'overview',
      'tone',
      'weekly_check_ins',
    ]);
  });
});
