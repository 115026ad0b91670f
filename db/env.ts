import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const count = (fallback: number) => z.coerce.number().int().min(0).max(100_000).default(fallback);

/**
 * Server configuration, validated once at start-up (create-t3-app style), so a
 * typo in an environment variable fails loudly instead of silently using PGlite.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  DEMO_SEED: z.enum(["true", "false"]).default("true"),
  DEMO_LOANS: count(50),
  DEMO_YEARS: count(3),
  DEMO_RANDOM_SEED: count(1),
  DEMO_THROUGH: isoDate.optional(),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
});

export type ServerEnv = z.infer<typeof envSchema>;

export function readServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
