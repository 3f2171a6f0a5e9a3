//! The edge-list CSV parser: a graph summary or the error message, with its line number.

use cordon_net::{NetGraph, Removal};
use expect_test::{Expect, expect};

/// Parses `text` and renders either a one-line-per-arc summary or the error.
fn check(text: &str, directed: bool, expect: Expect) {
    let rendered = match NetGraph::from_csv(text, directed) {
        Ok(graph) => {
            let mut out = format!("nodes: {}\n", graph.names().collect::<Vec<_>>().join(" "));
            for arc in graph.arc_ids() {
                let a = graph.arc(arc);
                out.push_str(&format!(
                    "#{} {} capacity={} cost={} length={} delay={:?} kind={:?}\n",
                    arc.index(),
                    graph.arc_label(arc),
                    a.capacity,
                    a.cost,
                    a.length,
                    a.delay,
                    a.kind
                ));
            }
            out
        }
        Err(err) => format!("error: {err}\n"),
    };
    expect.assert_eq(&rendered);
}

#[test]
fn defaults_for_optional_columns() {
    check(
        "from,to\na,b\nb,c\n",
        true,
        expect![[r#"
            nodes: a b c
            #0 a->b capacity=1 cost=1 length=1 delay=None kind=None
            #1 b->c capacity=1 cost=1 length=1 delay=None kind=None
        "#]],
    );
}

#[test]
fn all_columns_any_order_comments_blank_lines_and_empty_cells() {
    check(
        "# comment\n\nkind, length ,to,from,capacity,cost,delay\nfinance,2.5,b,a,3,,4\n,,c,b,,0.5,\n",
        false,
        expect![[r#"
            nodes: a b c
            #0 a--b capacity=3 cost=1 length=2.5 delay=Some(4.0) kind=Some("finance")
            #1 b--c capacity=1 cost=0.5 length=1 delay=None kind=None
        "#]],
    );
}

#[test]
fn empty_file() {
    check(
        "",
        true,
        expect![[r#"
        error: line 1: empty file: expected a header line `from,to,capacity,cost,length`
    "#]],
    );
    check(
        "# only a comment\n",
        true,
        expect![[r#"
        error: line 1: empty file: expected a header line `from,to,capacity,cost,length`
    "#]],
    );
}

#[test]
fn header_without_rows() {
    check(
        "from,to,capacity\n",
        true,
        expect![[r#"
        error: line 1: no arcs: the file has a header but no data rows
    "#]],
    );
}

#[test]
fn missing_header() {
    check(
        "1,2,14\n1,4,23\n",
        true,
        expect![[r#"
        error: line 1: missing column `from` in the header (the first line must be a header such as `from,to,capacity,cost,length`)
    "#]],
    );
}

#[test]
fn missing_column() {
    check(
        "# c\nfrom,capacity\na,1\n",
        true,
        expect![[r#"
        error: line 2: missing column `to` in the header (the first line must be a header such as `from,to,capacity,cost,length`)
    "#]],
    );
}

#[test]
fn unknown_column_with_hint() {
    check(
        "from,to,lenght\na,b,1\n",
        true,
        expect![[r#"
        error: line 1: unknown column `lenght` (known: from, to, capacity, cost, length, delay, kind); did you mean `length`?
    "#]],
    );
}

#[test]
fn duplicate_column() {
    check(
        "from,to,cost,cost\na,b,1,1\n",
        true,
        expect![[r#"
        error: line 1: column `cost` appears twice in the header
    "#]],
    );
}

#[test]
fn non_numeric() {
    check(
        "from,to,capacity\na,b,1\nb,c,lots\n",
        true,
        expect![[r#"
        error: line 3: column `capacity`: `lots` is not a number
    "#]],
    );
}

#[test]
fn negative_and_zero() {
    check(
        "from,to,cost\na,b,-1\n",
        true,
        expect![[r#"
        error: line 2: column `cost`: -1 must be >= 0
    "#]],
    );
    check(
        "from,to,length\na,b,0\n",
        true,
        expect![[r#"
        error: line 2: column `length`: 0 must be > 0
    "#]],
    );
}

#[test]
fn non_finite() {
    check(
        "from,to,capacity\na,b,inf\n",
        true,
        expect![[r#"
        error: line 2: column `capacity`: `inf` is not finite
    "#]],
    );
    check(
        "from,to,delay\na,b,NaN\n",
        true,
        expect![[r#"
        error: line 2: column `delay`: `NaN` is not finite
    "#]],
    );
}

#[test]
fn wrong_field_count() {
    check(
        "from,to,capacity\na,b,1\nb,c\n",
        true,
        expect![[r#"
        error: line 3: expected 3 fields as in the header, found 2
    "#]],
    );
}

#[test]
fn empty_endpoint() {
    check(
        "from,to\na,\n",
        true,
        expect![[r#"
        error: line 2: column `to`: empty value
    "#]],
    );
}

#[test]
fn self_loop_rejected() {
    check(
        "from,to\na,b\nb,b\n",
        true,
        expect![[r#"
        error: line 3: self-loop on node `b`: self-loops are not allowed
    "#]],
    );
}

#[test]
fn duplicate_arc_directed_and_undirected() {
    check(
        "from,to\na,b\nb,a\n",
        true,
        expect![[r#"
        nodes: a b
        #0 a->b capacity=1 cost=1 length=1 delay=None kind=None
        #1 b->a capacity=1 cost=1 length=1 delay=None kind=None
    "#]],
    );
    check(
        "from,to\na,b\nb,a\n",
        false,
        expect![[r#"
        error: line 3: duplicate arc `b` -> `a` (first at line 2)
    "#]],
    );
}

#[test]
fn unclosed_quote() {
    check(
        "from,to\n\"a,b\n",
        true,
        expect![[r#"
        error: line 2: expected 2 fields as in the header, found 1
    "#]],
    );
}

#[test]
fn constructor_validates_parts() {
    let arcs = |from: &str, to: &str| vec![cordon_net::ArcSpec::new(from, to)];
    let render = |r: Result<NetGraph, cordon_net::NetError>| match r {
        Ok(g) => format!("ok: {} nodes, {} arcs", g.node_count(), g.arc_count()),
        Err(e) => format!("error: {e}"),
    };
    let nodes = || vec!["a".to_owned(), "b".to_owned(), "lonely".to_owned()];
    expect!["ok: 3 nodes, 1 arcs"].assert_eq(&render(NetGraph::new(true, nodes(), arcs("a", "b"))));
    expect!["error: arc 0: unknown node `z`"].assert_eq(&render(NetGraph::new(
        true,
        nodes(),
        arcs("a", "z"),
    )));
    expect!["error: duplicate node id `a`"].assert_eq(&render(NetGraph::new(
        true,
        vec!["a".into(), "a".into()],
        Vec::new(),
    )));
    let mut bad = cordon_net::ArcSpec::new("a", "b");
    bad.length = f64::NAN;
    expect!["error: arc 0: length = NaN must be finite and > 0"].assert_eq(&render(NetGraph::new(
        true,
        nodes(),
        vec![bad],
    )));
}

#[test]
fn removal_keeps_ids() {
    let graph = crate::graph("from,to\na,b\nb,c\nc,d\n", false);
    let c = graph.node("c").unwrap();
    let d = graph.node("d").unwrap();
    let after = graph
        .without(&Removal {
            nodes: vec![graph.node("b").unwrap()],
            arcs: Vec::new(),
        })
        .unwrap();
    assert_eq!(after.node("c"), Some(c));
    assert_eq!(after.node("d"), Some(d));
    assert_eq!(after.name(d), "d");
    assert_eq!(after.node_count(), 3);
    assert_eq!(after.arc_count(), 1);
    assert_eq!(
        after
            .arc_ids()
            .map(|a| after.arc_label(a))
            .collect::<Vec<_>>(),
        ["c--d"]
    );
}

#[test]
fn line_numbers_count_comments_blank_lines_crlf_and_quoted_newlines() {
    check(
        "# c\n\nfrom,to\n# x\na,b\n\nb,b\n",
        true,
        expect![[r#"
        error: line 7: self-loop on node `b`: self-loops are not allowed
    "#]],
    );
    check(
        "from,to\r\na,b\r\n\r\nb,\"c\nd\"\r\ne,e\r\n",
        true,
        expect![[r#"
        error: line 6: self-loop on node `e`: self-loops are not allowed
    "#]],
    );
    check(
        "from,to,capacity\n\n\n\"a\nb\",c,x\n",
        true,
        expect![[r#"
        error: line 4: column `capacity`: `x` is not a number
    "#]],
    );
}
