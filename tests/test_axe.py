"""Accessibility: axe-core scans every tab of the served page in each of its
languages, and any serious or critical violation in the project's own content
fails the test.

axe-core comes from npm (package.json, pinned; ``npm ci``, which ``make test``
runs) and is injected into the page, in Debian's /usr/bin/chromium driven by
Playwright. The failure report names, for each rule, its impact, what it asks,
the tabs where it occurs and the first few elements (selector, HTML, and axe's
own account of what is wrong); the full results are kept in
tests/artifacts/axe-<lang>.json.

Each language opens the page with its default view (no filters, no event
open, sidebar shown at 1400x1000) and scans every tab in turn. Run it alone:

    npm ci --no-audit --no-fund && .venv/bin/python -m pytest tests/test_axe.py
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from test_browser import (  # noqa: E402
    ARTIFACTS,
    CHROMIUM,
    ROOT,
    browser,  # noqa: F401  (the fixture)
    page,  # noqa: F401  (the fixture)
    server,  # noqa: F401  (the fixture)
    wait_for_app,
)

from kzdash.devserver import SETTLED_JS  # noqa: E402
from kzdash.i18n import languages  # noqa: E402
from kzdash.links import TABS  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(not AXE.exists(),
                       reason=f"axe-core is not installed ({AXE}): run `npm ci` (make test does)"),
]

#: The impacts that fail the test; the others are only reported.
FAILING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")  # axe's, worst first


@dataclass(frozen=True)
class Allowed:
    """A violation of ``rule`` by an element matching ``selector`` (a CSS
    selector, tried with Element.matches) is Streamlit's, not ours: the page
    cannot change that markup. The selector must name a Streamlit widget by its
    data-testid, and reach only that widget's own chrome, never text or
    markup the page writes into it (a caption is ours even though Streamlit
    draws its box)."""

    rule: str
    selector: str
    reason: str


#: Streamlit's own widgets, as of Streamlit 1.67 and axe-core 4.14.1: keep it
#: short, give the reason, and remove an entry once Streamlit fixes it. An
#: entry: Allowed("<axe rule id>", '[data-testid="st<Widget>"] <its own part>',
#: "<why this is Streamlit's markup and not the page's>").
#: Empty today: every serious or critical violation axe finds on these pages
#: is in the project's own content.
ALLOWED: tuple[Allowed, ...] = ()


def test_the_allow_list_names_only_streamlit_widgets():
    for entry in ALLOWED:
        assert '[data-testid="st' in entry.selector, entry
        assert entry.reason.strip(), entry


# Runs axe on the whole document (sidebar included; Streamlit renders only
# the open tab's panel) and returns each violation with its nodes, each node
# marked with the allow-list entry it matches (its index) or null.
SCAN_JS = """async (allowed) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const find = target => {
    try { return target.length === 1 ? document.querySelector(target[0]) : null; }
    catch (e) { return null; }
  };
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => {
      const el = find(n.target);
      const hit = el ? allowed.findIndex(a => a.rule === v.id && el.matches(a.selector)) : -1;
      const within = [];  // the Streamlit elements it is in, outermost first
      for (let e = el; e; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        if (id && id !== within[0]) within.unshift(id);
      }
      return {target: n.target, html: n.html, summary: n.failureSummary,
              text: el ? el.innerText : null, within,
              allowed: hit >= 0 ? hit : null};
    }),
  }));
}"""

# Every chart in sight in the open tab drawn (Vega draws after the script run
# ends; a chart in a closed expander is drawn when it opens).
DRAWN_JS = """() => [...document.querySelectorAll(
    '[role="tabpanel"] [data-testid="stVegaLiteChart"]')]
  .filter(c => c.checkVisibility())
  .every(c => c.querySelector('svg.marks, canvas'))"""


def open_tab(page, index: int) -> str:  # noqa: F811
    """Click the ``index``-th tab, wait for the run it starts (it puts the tab
    in the link) and for its charts; return the tab's label."""
    tab = page.get_by_role("tab").nth(index)
    label = tab.inner_text().strip()
    tab.click()
    page.wait_for_function(
        """([i, id]) => {
             const tabs = document.querySelectorAll('[role="tab"]');
             const inLink = new URLSearchParams(location.search).get('tab');
             return tabs[i] && tabs[i].getAttribute('aria-selected') === 'true'
               && (i === 0 ? inLink === null : inLink === id);
           }""",
        arg=[index, TABS[index]], timeout=60_000)
    page.wait_for_function(SETTLED_JS, timeout=60_000)
    page.wait_for_function(DRAWN_JS, timeout=60_000)
    page.wait_for_function(SETTLED_JS, timeout=60_000)
    return label


def scan(page) -> list[dict]:  # noqa: F811
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(SCAN_JS, [{"rule": a.rule, "selector": a.selector} for a in ALLOWED])


# Streamlit's layout boxes, left out of a node's "in:" line in the report.
LAYOUT = {"stScreencast", "stApp", "stAppViewContainer", "stMainBlockContainer",
          "stVerticalBlock", "stHorizontalBlock", "stColumn", "stElementContainer",
          "stLayoutWrapper", "stMarkdownContainer"}


def clip(text: str, n: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def report(lang: str, found: dict[str, list[dict]], impacts: tuple[str, ...],
           nodes_shown: int = 4) -> list[str]:
    """The violations of ``impacts`` in ``found`` (tab label -> axe's
    violations), one block per rule: its tabs and node counts, then its first
    few distinct elements (the same element on several tabs is shown once)."""
    rules: dict[str, dict] = {}
    for tab, violations in found.items():
        for v in violations:
            nodes = [n for n in v["nodes"] if n["allowed"] is None]
            if v["impact"] not in impacts or not nodes:
                continue
            r = rules.setdefault(v["id"], {**v, "tabs": {}, "distinct": {}})
            r["tabs"][tab] = len(nodes)
            for n in nodes:
                r["distinct"].setdefault((n["html"], n["summary"]), (n, []))[1].append(tab)
    lines = []
    for rule, r in sorted(rules.items(), key=lambda kv: IMPACTS.index(kv[1]["impact"])):
        lines.append(f"[{r['impact']}] {rule}: {r['help']} ({r['helpUrl']})")
        lines.append(f"  language {lang}; nodes by tab: "
                     + ", ".join(f"{t}: {k}" for t, k in r["tabs"].items()))
        distinct = list(r["distinct"].values())
        for n, tabs in distinct[:nodes_shown]:
            lines.append(f"  - on {', '.join(tabs)}: {' >> '.join(n['target'])}")
            lines.append(f"    html: {clip(n['html'])}")
            if n["text"] and clip(n["text"], 80) not in n["html"]:
                lines.append(f"    text: {clip(n['text'])}")
            within = [w for w in n["within"] if w not in LAYOUT]
            if within:
                lines.append(f"    in:   {' > '.join(within)}")
            why = [s.strip() for s in (n["summary"] or "").splitlines()
                   if s.strip() and not s.strip().startswith("Fix ")]
            if why:
                lines.append(f"    why:  {clip(' / '.join(why))}")
        if len(distinct) > nodes_shown:
            lines.append(f"  … and {len(distinct) - nodes_shown} more distinct element(s)"
                         f" (tests/artifacts/axe-{lang}.json)")
    return lines


@pytest.mark.parametrize("lang", languages())
def test_no_serious_accessibility_violation_on_any_tab(server, page, lang):  # noqa: F811
    page.goto(f"{server}/?lang={lang}")
    wait_for_app(page)
    # the page says its language, so that a screen reader speaks it (WCAG 3.1.1)
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang,
                           timeout=10_000)
    count = page.get_by_role("tab").count()
    assert count == len(TABS), f"expected the tabs {TABS}, found {count} tab(s)"

    found: dict[str, list[dict]] = {}
    for i in range(count):
        label = open_tab(page, i)
        found[f"{label} ({TABS[i]})"] = scan(page)

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{lang}.json").write_text(
        json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")

    failing = report(lang, found, FAILING)
    if failing:
        others = report(lang, found, ("moderate", "minor"), nodes_shown=2)
        allowed = sorted({ALLOWED[n["allowed"]].rule + " " + ALLOWED[n["allowed"]].selector
                          for vs in found.values() for v in vs for n in v["nodes"]
                          if n["allowed"] is not None})
        pytest.fail("\n".join(
            [f"axe-core: serious or critical violations, lang={lang}:", *failing]
            + (["", "Not failing (moderate or minor):", *others] if others else [])
            + (["", "Allowed as Streamlit's own:", *allowed] if allowed else [])),
            pytrace=False)
