/**
 * `npm run dev` must be usable at both addresses the README prints
 * (http://localhost:3000 and http://127.0.0.1:3000). Next 16's dev server
 * refuses its own scripts, HMR socket and dev endpoints to other origins
 * unless next.config.js lists them in `allowedDevOrigins`; this runs the
 * installed Next's own check against the project's config.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";

const configUrl = pathToFileURL(path.resolve(import.meta.dirname, "../../next.config.js")).href;
const nextConfig = ((await import(configUrl)) as { default: NextConfig }).default;

const require = createRequire(import.meta.url);
const { blockCrossSiteDEV } =
  require("next/dist/server/lib/router-utils/block-cross-site-dev.js") as {
    blockCrossSiteDEV(
      req: { url: string; headers: Record<string, string> },
      res: { statusCode?: number; end(body?: string): void },
      allowedDevOrigins: string[] | undefined,
      hostname: string | undefined,
    ): boolean;
  };

function blocked(url: string, headers: Record<string, string>, hostname?: string): boolean {
  const res = { statusCode: 200, end: () => {} };
  return blockCrossSiteDEV({ url, headers }, res, nextConfig.allowedDevOrigins, hostname);
}

const PAGES = ["http://localhost:3000", "http://127.0.0.1:3000"];
// `next dev` started without -H (the README's command), and with either name.
const HOSTNAMES = [undefined, "localhost", "127.0.0.1"];

describe("the dev server serves its own resources to both README addresses", () => {
  for (const page of PAGES) {
    for (const hostname of HOSTNAMES) {
      it(`${page}, server started with ${hostname ?? "no -H"}`, () => {
        // The HMR socket and module chunks are requested with an Origin header.
        expect(blocked("/_next/webpack-hmr", { origin: page }, hostname)).toBe(false);
        expect(
          blocked(
            "/_next/static/chunks/main.js",
            { origin: page, "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin" },
            hostname,
          ),
        ).toBe(false);
        expect(blocked("/__nextjs_original-stack-frames", { origin: page }, hostname)).toBe(false);
      });
    }
  }

  it("still refuses other sites", () => {
    expect(blocked("/_next/webpack-hmr", { origin: "http://evil.example" })).toBe(true);
    expect(
      blocked("/_next/static/chunks/main.js", {
        referer: "http://evil.example/",
        "sec-fetch-mode": "no-cors",
        "sec-fetch-site": "cross-site",
      }),
    ).toBe(true);
  });
});
