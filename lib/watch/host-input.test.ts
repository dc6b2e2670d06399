import { describe, expect, it } from "vitest";
import { readHostInput } from "./host-input";

describe("readHostInput (registry host fields)", () => {
  it.each([
    ["registry.example.com", "registry.example.com", null, null],
    ["  Registry.Example.com:5000 ", "registry.example.com:5000", null, 'using registry.example.com:5000 from "Registry.Example.com:5000"'],
    ["https://host.example:5000", "host.example:5000", "https", 'using host.example:5000 from "https://host.example:5000"'],
    ["https://host.example:5000/", "host.example:5000", "https", 'using host.example:5000 from "https://host.example:5000/"'],
    ["HTTP://127.0.0.1:5000/v2/", "127.0.0.1:5000", "http", 'using 127.0.0.1:5000 from "HTTP://127.0.0.1:5000/v2/"; plain HTTP is used only when the host is listed in ARCHGRID_INSECURE_REGISTRIES, HTTPS otherwise'],
    ["[::1]:5000", "[::1]:5000", null, null],
    ["index.docker.io", "docker.io", null, 'using docker.io from "index.docker.io"'],
  ])("%s -> %s", (input, host, scheme, note) => {
    expect(readHostInput(input)).toEqual({ host, scheme, note });
  });

  it.each([
    ["", /enter the registry host/],
    ["ftp://host.example", /only http:\/\/ or https:\/\//],
    ["https://host.example/acme/api", /has a path or query; give only the host and port, e.g. host.example$/],
    ["host.example?x=1", /has a path or query/],
    ["https://user:pw@host.example", /leave credentials out/],
    ["host.example:99999", /is not a host name/],
    ["bad host", /is not a host name/],
    ["-bad.example", /is not a host name/],
  ])("refuses %j in plain words, never naming an internal path", (input, problem) => {
    const r = readHostInput(input);
    expect("problem" in r && r.problem).toMatch(problem);
    expect(JSON.stringify(r)).not.toMatch(/probe/);
  });
});
