//! The reports as a browser draws them, at 1,400 and 800 pixels wide (headless Chromium):
//! no page-wide sideways scrolling, no key table that scrolls sideways, no chart text smaller
//! than 11 pixels as displayed, and the summary within one 1,400 × 900 screen. Screenshots are
//! left in `CARGO_TARGET_TMPDIR/report-screens/` for a person to look at.
//!
//! Needs a Chromium: `$CORDON_CHROMIUM`, else `chromium`, `chromium-browser` or
//! `google-chrome` on the PATH. Without one, the test says so on stderr and checks nothing
//! (set `CORDON_REQUIRE_CHROMIUM=1` to make a missing browser a failure, as CI does where one is
//! installed).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{fresh_dir, small_report};

/// Tables that must fit the screen (their intervals sit under their numbers).
const KEY_TABLES: &[&str] = &[
    "ranking-table",
    "headline-table",
    "other-outcomes-table",
    "region-table",
    "defeat-table",
    "region-defeat-table",
    "claims-table",
];

/// Measures the page in the browser and writes the result into the page (read back with
/// `--dump-dom`). The summary is measured before every `<details>` is opened.
const PROBE: &str = r#"<script>
(function () {
  var out = {};
  var summary = document.getElementById('summary');
  out.summary_bottom = summary ? summary.getBoundingClientRect().bottom + window.scrollY : 0;
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  out.page_overflow = document.documentElement.scrollWidth - window.innerWidth;
  out.tables = [];
  KEYS.forEach(function (id) {
    var t = document.getElementById(id);
    if (!t) return;
    var w = t.closest('.wide') || t.parentElement;
    if (w.scrollWidth > w.clientWidth + 1) out.tables.push(id + ' ' + w.scrollWidth + ' > ' + w.clientWidth);
  });
  out.min_text = 1e9; out.min_text_at = '';
  document.querySelectorAll('figure.chart svg').forEach(function (svg) {
    var k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    svg.querySelectorAll('text').forEach(function (t) {
      if (!t.textContent.trim()) return;
      var px = parseFloat(getComputedStyle(t).fontSize) * k;
      if (px < out.min_text) { out.min_text = px; out.min_text_at = svg.closest('figure').id + ': ' + t.textContent.trim().slice(0, 40); }
    });
  });
  var pre = document.createElement('pre');
  pre.id = 'cordon-probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"#;

fn chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("CORDON_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in path.split(':') {
            let candidate = Path::new(dir).join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn browser(chrome: &Path, args: &[String]) -> String {
    let output = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(args)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// Checks one page at one width; returns the problems found.
fn check(chrome: &Path, html: &Path, name: &str, width: u32) -> Vec<String> {
    let page = std::fs::read_to_string(html).expect("report.html");
    let keys = KEY_TABLES
        .iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(",");
    let probe = PROBE.replace("KEYS", &format!("[{keys}]"));
    let probed = html.with_file_name(format!("probe-{width}.html"));
    std::fs::write(&probed, page.replace("</body>", &format!("{probe}</body>"))).expect("probe");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screens");
    std::fs::create_dir_all(&shots).expect("screens dir");
    let url = format!("file://{}", html.display());
    browser(
        chrome,
        &[
            format!(
                "--screenshot={}",
                shots.join(format!("{name}-{width}.png")).display()
            ),
            format!("--window-size={width},900"),
            url,
        ],
    );
    let dom = browser(
        chrome,
        &[
            format!("--window-size={width},900"),
            "--dump-dom".to_string(),
            format!("file://{}", probed.display()),
        ],
    );
    let Some(start) = dom.find("<pre id=\"cordon-probe\">") else {
        return vec![format!(
            "{name} at {width}: the probe did not run:\n{dom:.400}"
        )];
    };
    let json = &dom[start + "<pre id=\"cordon-probe\">".len()..];
    let json = &json[..json.find("</pre>").unwrap_or(json.len())];
    let json = json
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let v: serde_json::Value = serde_json::from_str(&json).expect("probe JSON");
    let mut problems = Vec::new();
    let at = format!("{name} at {width} px");
    eprintln!("{at}: {v}");
    if v["page_overflow"].as_f64().unwrap_or(0.0) > 0.0 {
        problems.push(format!(
            "{at}: the page scrolls sideways by {}",
            v["page_overflow"]
        ));
    }
    for t in v["tables"].as_array().into_iter().flatten() {
        problems.push(format!("{at}: table {t} scrolls sideways"));
    }
    let min_text = v["min_text"].as_f64().unwrap_or(0.0);
    if min_text < 10.95 {
        problems.push(format!(
            "{at}: chart text {min_text:.1} px ({})",
            v["min_text_at"]
        ));
    }
    if width == 1400 && v["summary_bottom"].as_f64().unwrap_or(0.0) > 900.0 {
        problems.push(format!(
            "{at}: the summary ends at {} px, below one 900 px screen",
            v["summary_bottom"]
        ));
    }
    problems
}

#[test]
fn reports_read_at_1400_and_800_pixels() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("CORDON_REQUIRE_CHROMIUM").is_none(),
            "CORDON_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!(
            "note: no Chromium found ($CORDON_CHROMIUM, chromium, google-chrome): the reports were not drawn"
        );
        return;
    };
    let compare = small_report().join("report.html");
    let factorial = cordon_report::write(&crate::kinds::factorial_dir("screens-factorial"))
        .expect("factorial report")
        .html;
    let explore = cordon_report::write(&crate::kinds::explore_dir("screens-explore"))
        .expect("explore report")
        .html;
    let mut problems = Vec::new();
    for (name, html) in [
        ("compare", &compare),
        ("factorial", &factorial),
        ("explore", &explore),
    ] {
        // A copy per page, so that the probes sit next to it.
        let dir = fresh_dir(&format!("screens-{name}"));
        let page = dir.join("report.html");
        std::fs::copy(html, &page).expect("copy");
        for width in [1400, 800] {
            problems.extend(check(&chrome, &page, name, width));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
