//! No edge-list CSV makes the parser panic: arbitrary bytes, CSV-shaped fragments and
//! structure-aware mutations of the fixtures all end in a graph or in `NetError::Csv` with a
//! line inside the text. Case counts rise with `CORDON_FUZZ_CASES` (see `docs/fuzzing.md`).

use cordon_net::measures::metrics;
use cordon_net::{NetError, NetGraph};
use proptest::prelude::*;

#[path = "../../../fuzz/mutate.rs"]
mod mutate;

const FIXTURES: [&str; 4] = [
    include_str!("fixtures/path5.csv"),
    include_str!("fixtures/covert.csv"),
    include_str!("fixtures/glpk_maxflow.csv"),
    include_str!("fixtures/ba300.csv"),
];

fn check(text: &str, directed: bool) {
    match NetGraph::from_csv(text, directed) {
        Ok(graph) => {
            assert!(graph.node_count() >= 2 || graph.arc_count() == 0);
            // Whatever parses is analysable: the measures never panic on it.
            if graph.node_count() <= 40 {
                let _ = metrics(&graph);
            }
        }
        Err(NetError::Csv { line, kind }) => {
            let lines = text.split('\n').count() as u64;
            assert!(
                line >= 1 && line <= lines + 1,
                "line {line} of {lines}: {kind}"
            );
            assert!(!kind.to_string().is_empty());
        }
        Err(other) => panic!("a parse error is NetError::Csv, got {other:?}"),
    }
}

const PIECES: &[&str] = &[
    "from,to\n",
    "from,to,capacity,cost,length,delay,kind\n",
    "to,from,kind\n",
    "from,from,to\n",
    "a,b\n",
    "b,a\n",
    "a,a\n",
    "a,b,1,2,3,4,x\n",
    "a,b,nan,inf,-1,1e400,\n",
    "a,b,,,,,\n",
    "\"a,b\",c\n",
    "\"unterminated\n",
    "# comment\n",
    "\n",
    "\r\n",
    ",\n",
    "a\n",
    "a,b,c,d,e,f,g,h,i\n",
    "\u{feff}from,to\n",
    "\u{0},\u{0}\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: mutate::cases(500), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), directed in any::<bool>()) {
        check(&String::from_utf8_lossy(&bytes), directed);
    }

    #[test]
    fn csv_fragments_never_panic(pieces in proptest::collection::vec(0..PIECES.len(), 0..30), directed in any::<bool>()) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check(&text, directed);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        fixture in 0..FIXTURES.len(),
        ops in proptest::collection::vec((0..mutate::OPS, any::<usize>(), 0usize..10_000), 1..6),
        directed in any::<bool>(),
    ) {
        check(&mutate::apply_text(FIXTURES[fixture], &ops), directed);
    }
}
