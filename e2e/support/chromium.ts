// How every browser this project drives is launched: Debian's Chromium (Playwright's own browser
// download cannot work here), headless, and quiet on the closed network — without the
// background-networking flags Chromium floods it with connections (shared/STACK.md).
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
};
