// The strict parser the metrics tests rely on must itself refuse what Prometheus would refuse.
import { describe, expect, it } from "vitest";
import { parsePrometheusText, sample } from "../../test/support/prom-text";

const ok = `# HELP a_total x\n# TYPE a_total counter\na_total{host="h:1",status="200"} 3\n# TYPE h histogram\nh_bucket{le="0.1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 0.3\nh_count 2\n# TYPE g gauge\ng Nan\n`;

describe("parsePrometheusText", () => {
  it("reads counters, histograms and gauges", () => {
    const m = parsePrometheusText(ok);
    expect(sample(m, "a_total", { host: "h:1" })).toBe(3);
    expect(sample(m, "h_count")).toBe(2);
    expect(Number.isNaN(sample(m, "g"))).toBe(true);
  });

  it.each([
    ["a sample without TYPE", "x 1\n", /no TYPE/],
    ["a counter not ending in _total", "# TYPE c counter\nc 1\n", /_total/],
    ["a family declared twice", "# TYPE g gauge\n# TYPE g gauge\n", /twice/],
    ["a repeated series", '# TYPE g gauge\ng{a="1"} 1\ng{a="1"} 2\n', /twice/],
    ["buckets not cumulative", '# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n', /cumulative/],
    ["+Inf differing from _count", '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n', /_count/],
    ["an unquoted label value", "# TYPE g gauge\ng{a=1} 1\n", /quoted/],
    ["a bad value", "# TYPE g gauge\ng one\n", /bad value/],
  ])("refuses %s", (_what, text, error) => {
    expect(() => parsePrometheusText(text)).toThrow(error);
  });
});
