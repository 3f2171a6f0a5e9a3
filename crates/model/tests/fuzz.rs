//! No input makes the parser panic: arbitrary bytes, TOML-shaped fragments, and mutations of
//! the default scenario all end in a `Scenario` or in diagnostics with a line and a column.

use proptest::prelude::*;

#[path = "../../../fuzz/mutate.rs"]
mod mutate;

fn check(bytes: &[u8]) {
    match cordon_model::parse("fuzz.toml", bytes) {
        Ok(_) => {}
        Err(diags) => {
            assert!(!diags.is_empty(), "an error has at least one diagnostic");
            for d in diags.iter() {
                assert!(d.line >= 1 && d.column >= 1, "{d}");
            }
            // Rendering never panics either.
            let _ = diags.to_string();
        }
    }
}

/// Pieces of TOML and of the scenario language, to be glued in random order.
const PIECES: &[&str] = &[
    "[scenario]\n",
    "[[region]]\n",
    "[[coa]]\n",
    "[[coa.phase]]\n",
    "[[actor]]\n",
    "[[link]]\n",
    "[adversary]\n",
    "name = \"x\"\n",
    "id = \"levant\"\n",
    "id = \"a\"\n",
    "horizon_days = 10\n",
    "step_days = 0\n",
    "core_region = \"levant\"\n",
    "regime = \"joint\"\n",
    "fighters = -1\n",
    "sanctuary = nan\n",
    "capacity = inf\n",
    "forces = { levant = 1e400 }\n",
    "task = [{ actor = \"a\", kind = \"attack\", region = \"levant\" }]\n",
    "when = { metric = \"fighters_fraction\", below = 0.5 }\n",
    "access = [\"levant\", 3]\n",
    "x = [[[[[1]]]]]\n",
    "a.b.c.d = 1\n",
    "\"\u{0}\" = 1\n",
    "= 1\n",
    "[\n",
    "\"\n",
    "'''\n",
    "# comment\n",
    "\u{feff}",
    "\r\n",
    "k = 1979-05-27T07:32:00Z\n",
    "seed = 18446744073709551616\n",
    "seed = -5\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: mutate::cases(300), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes);
    }

    #[test]
    fn toml_fragments_never_panic(pieces in proptest::collection::vec(0..PIECES.len(), 0..40)) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check(text.as_bytes());
    }

    #[test]
    fn mutated_default_scenarios_never_panic(cut in 0usize..60_000, len in 0usize..200, insert in 0..PIECES.len()) {
        let text = cordon_model::DEFAULT_SCENARIO_TOML;
        let start = cut.min(text.len());
        let end = (start + len).min(text.len());
        let (start, end) = (floor_char(text, start), floor_char(text, end));
        let mutated = format!("{}{}{}", &text[..start], PIECES[insert], &text[end..]);
        check(mutated.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: mutate::cases(100), .. ProptestConfig::default() })]

    /// The mutations shared with the other formats' fuzz tests (`fuzz/mutate.rs`).
    #[test]
    fn structure_mutated_default_scenarios_never_panic(
        ops in proptest::collection::vec((0..mutate::OPS, any::<usize>(), 0usize..10_000), 1..5),
    ) {
        check(&mutate::apply(cordon_model::DEFAULT_SCENARIO_TOML.as_bytes(), &ops));
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
