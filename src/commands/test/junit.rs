//! JUnit XML for `--junit FILE`: one `<testsuite>` per suite, one `<testcase>` per check, and,
//! when the instance could not be tested (exit 3), a `run.instance` testcase with an `<error>`
//! so that report viewers do not show the run as green.

use super::runner::{CheckResult, Status};

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

fn secs(ms: u64) -> String {
    format!("{:.3}", ms as f64 / 1000.0)
}

/// Render the JUnit document. Suites appear in the order of their first result. `timestamp` is
/// the run's start (ISO 8601); `error` is why the instance could not be tested, if it could not.
pub fn render(
    results: &[CheckResult],
    total_ms: u64,
    timestamp: &str,
    error: Option<&str>,
) -> String {
    let mut suites: Vec<&str> = Vec::new();
    for r in results {
        if !suites.contains(&r.suite.as_str()) {
            suites.push(&r.suite);
        }
    }
    let count = |rs: &[&CheckResult], s: Status| {
        rs.iter()
            .filter(|r| r.status == s || (s == Status::Skipped && r.status == Status::Warning))
            .count()
    };
    let all: Vec<&CheckResult> = results.iter().collect();
    let errors = usize::from(error.is_some());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"clerkctl test\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" errors=\"{errors}\" time=\"{}\" timestamp=\"{}\">\n",
        all.len() + errors,
        count(&all, Status::Failed),
        count(&all, Status::Skipped),
        secs(total_ms),
        xml_escape(timestamp)
    ));
    if let Some(error) = error {
        xml.push_str(&format!(
            "  <testsuite name=\"run\" tests=\"1\" failures=\"0\" skipped=\"0\" errors=\"1\" time=\"{}\" timestamp=\"{}\">\n    <testcase classname=\"clerkctl.run\" name=\"instance\" time=\"{}\">\n      <error message=\"{}\" type=\"unavailable\">the instance could not be reached or kept failing: no verdict (exit 3)\n{}</error>\n    </testcase>\n  </testsuite>\n",
            secs(total_ms),
            xml_escape(timestamp),
            secs(total_ms),
            xml_escape(error),
            xml_escape(error)
        ));
    }
    for suite in suites {
        let rs: Vec<&CheckResult> = results.iter().filter(|r| r.suite == suite).collect();
        let time: u64 = rs.iter().map(|r| r.duration_ms).sum();
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" errors=\"0\" time=\"{}\" timestamp=\"{}\">\n",
            xml_escape(suite),
            rs.len(),
            count(&rs, Status::Failed),
            count(&rs, Status::Skipped),
            secs(time),
            xml_escape(timestamp)
        ));
        for r in rs {
            let name = r.id.strip_prefix(&format!("{suite}.")).unwrap_or(&r.id);
            let open = format!(
                "    <testcase classname=\"clerkctl.{}\" name=\"{}\" time=\"{}\"",
                xml_escape(suite),
                xml_escape(name),
                secs(r.duration_ms)
            );
            match r.status {
                Status::Passed => xml.push_str(&format!("{open}/>\n")),
                Status::Skipped => xml.push_str(&format!(
                    "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    xml_escape(r.message.as_deref().unwrap_or(""))
                )),
                // A warning is no failure: skipped, with the ledger row as a property.
                Status::Warning => {
                    let row = r.ledger.as_ref().map_or("", |l| l.row.as_str());
                    let confidence = r.ledger.as_ref().map_or("", |l| l.confidence.as_str());
                    xml.push_str(&format!(
                        "{open}>\n      <properties>\n        <property name=\"clerkctl.warning\" value=\"{}\"/>\n        <property name=\"clerkctl.ledger_row\" value=\"{}\"/>\n        <property name=\"clerkctl.confidence\" value=\"{}\"/>\n      </properties>\n      <skipped message=\"warning: {} (expected {}, actual {}; rests on the {} belief `{}`)\"/>\n    </testcase>\n",
                        xml_escape(r.message.as_deref().unwrap_or("")),
                        xml_escape(row),
                        xml_escape(confidence),
                        xml_escape(r.message.as_deref().unwrap_or("")),
                        xml_escape(r.expected.as_deref().unwrap_or("-")),
                        xml_escape(r.actual.as_deref().unwrap_or("-")),
                        xml_escape(confidence),
                        xml_escape(row),
                    ));
                }
                Status::Failed => {
                    let body = format!(
                        "{}\nexpected: {}\nactual:   {}",
                        r.title,
                        r.expected.as_deref().unwrap_or("-"),
                        r.actual.as_deref().unwrap_or("-")
                    );
                    xml.push_str(&format!(
                        "{open}>\n      <failure message=\"{}\" type=\"assertion\">{}</failure>\n    </testcase>\n",
                        xml_escape(r.message.as_deref().unwrap_or("failed")),
                        xml_escape(&body)
                    ));
                }
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str, status: Status) -> CheckResult {
        CheckResult {
            id: id.into(),
            suite: id.split('.').next().unwrap_or("").into(),
            title: "t <x>".into(),
            status,
            duration_ms: 1500,
            expected: Some("a&b".into()),
            actual: Some("\"c\"".into()),
            message: Some("m".into()),
            ledger: None,
        }
    }

    #[test]
    fn a_warning_is_skipped_with_its_ledger_row() {
        let mut w = r("multi-session.list_active", Status::Warning);
        w.ledger = Some(crate::commands::test::runner::LedgerNote {
            row: "sessions.own_client".into(),
            confidence: crate::fidelity::Confidence::Inferred,
            verdict: None,
        });
        let xml = render(&[w], 10, "2026-05-12T10:00:00Z", None);
        assert!(xml.contains("failures=\"0\" skipped=\"1\""), "{xml}");
        assert!(
            xml.contains("<property name=\"clerkctl.ledger_row\" value=\"sessions.own_client\"/>")
        );
        assert!(xml.contains("<skipped message=\"warning: m (expected a&amp;b, actual &quot;c&quot;; rests on the inferred belief `sessions.own_client`)\"/>"), "{xml}");
    }

    #[test]
    fn one_testcase_per_check_with_failures_escaped() {
        let xml = render(
            &[
                r("basic.clock", Status::Passed),
                r("basic.jwks", Status::Failed),
                r("refresh.a", Status::Skipped),
            ],
            3000,
            "2026-05-12T10:00:00Z",
            None,
        );
        assert!(xml.contains("<testsuites name=\"clerkctl test\" tests=\"3\" failures=\"1\" skipped=\"1\" errors=\"0\" time=\"3.000\" timestamp=\"2026-05-12T10:00:00Z\">"));
        assert!(
            xml.contains("<testcase classname=\"clerkctl.basic\" name=\"clock\" time=\"1.500\"/>")
        );
        assert!(xml.contains("<failure message=\"m\" type=\"assertion\">t &lt;x&gt;\nexpected: a&amp;b\nactual:   &quot;c&quot;</failure>"));
        assert!(xml.contains("<skipped message=\"m\"/>"));
        assert_eq!(xml.matches("<testcase ").count(), 3);
        assert!(!xml.contains("<error"));
    }

    #[test]
    fn an_unavailable_instance_is_an_error_not_a_pass() {
        let xml = render(
            &[r("basic.clock", Status::Passed)],
            20,
            "2026-05-12T10:00:00Z",
            Some("gave up after 6 attempts: <500>"),
        );
        assert!(xml.contains("tests=\"2\" failures=\"0\" skipped=\"0\" errors=\"1\""));
        assert!(xml.contains(
            "<testcase classname=\"clerkctl.run\" name=\"instance\" time=\"0.020\">\n      <error message=\"gave up after 6 attempts: &lt;500&gt;\" type=\"unavailable\">"
        ));
        assert_eq!(xml.matches("<testsuite ").count(), 2);
    }
}
