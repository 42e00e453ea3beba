import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium (the `chromium` package; `.ci/run` installs it). No browser is ever downloaded. */
export const CHROMIUM = process.env.TCLOCAL_CHROMIUM ?? "/usr/bin/chromium";

/** Screenshots of each page, kept as test artifacts (gitignored). */
export const ARTIFACTS = resolve(__dirname, "..", "..", "..", "test-artifacts", "console");

/**
 * Why the browser tests cannot run here, or null. Off CI they are skipped with that notice; with CI=true a
 * missing browser fails the run instead (the console would go untested).
 */
export function browserMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set TCLOCAL_CHROMIUM)`;
}

export interface Browser {
  readonly context: BrowserContext;
  /** Every URL the pages requested: the console must load nothing from anywhere but tclocal. */
  readonly requested: string[];
  /** Uncaught page errors and Content-Security-Policy violations. */
  readonly problems: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, the flags this machine needs (no sandbox as root, no GPU, and none of the
 * background connections a closed network refuses).
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "tclocal-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    // --headless is passed below as-is rather than through Playwright's headless option.
    headless: false,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
  });
  const requested: string[] = [];
  const problems: string[] = [];
  context.on("request", (r) => requested.push(r.url()));
  const watch = (page: Page) => {
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    requested,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
