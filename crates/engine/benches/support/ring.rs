//! The generated scenarios of the scaling benchmarks (`cordon-engine`'s `scaling`,
//! `cordon-experiment`'s `compare`).

use std::fmt::Write as _;

/// A scenario of `n` regions: region 0 is the core; every region holds a branch; fighters links
/// join neighbours on a ring, with a chord every fifth region; command and propaganda links run
/// from the core to every tenth region; four actors each hold a quarter of the regions and may
/// act anywhere; one course isolates (links and support) and attacks everywhere.
pub fn ring_scenario(n: usize) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "[scenario]\nname = \"ring-{n}\"\nstep_days = 1.0\nhorizon_days = 30.0\ncore_region = \"r0\"\n"
    );
    let _ = writeln!(t, "[adversary]\nleadership_region = \"r0\"\n");
    let actors = ["a0", "a1", "a2", "a3"];
    for r in 0..n {
        let _ = writeln!(
            t,
            "[[region]]\nid = \"r{r}\"\npopulation = 10000.0\nsanctuary = 0.3\n\n[[engagement]]\nregion = \"r{r}\"\nlaw = \"intelligence\"\ncoalition_lethality = 0.001\nadversary_lethality = 0.001\ntargeting_half_fighters = 300.0\n\n[[branch]]\nid = \"b{r}\"\nregion = \"r{r}\"\nfighters = 1000.0\nsupport_base = 5000.0\nrecruits_per_supporter_day = 0.0001\n\n[[support_link]]\nid = \"s{r}\"\nregion = \"r{r}\"\nkind = \"sympathisers\"\njurisdiction = [\"{}\"]\n",
            actors[r % 4]
        );
    }
    let mut link = |id: String, kind: &str, from: usize, to: usize, owner: usize| {
        let capacity = if kind == "command" { 1.0 } else { 5.0 };
        let _ = writeln!(
            t,
            "[[link]]\nid = \"{id}\"\nkind = \"{kind}\"\nfrom = \"r{from}\"\nto = \"r{to}\"\ncapacity = {capacity:.1}\ntravel_days = 5.0\njurisdiction = [\"{}\"]\n",
            actors[owner % 4]
        );
    };
    for r in 0..n {
        link(format!("ring{r}"), "fighters", r, (r + 1) % n, r);
        if r % 5 == 0 && n > 10 {
            link(format!("chord{r}"), "fighters", r, (r + n / 2) % n, r + 1);
        }
        if r % 10 == 0 && r > 0 {
            link(format!("cmd{r}"), "command", 0, r, r + 2);
            link(format!("prop{r}"), "propaganda", 0, r, r + 3);
        }
    }
    for (i, a) in actors.iter().enumerate() {
        let forces: Vec<String> = (0..n)
            .filter(|r| r % 4 == i)
            .map(|r| format!("r{r} = 2000.0"))
            .collect();
        let _ = writeln!(
            t,
            "[[actor]]\nid = \"{a}\"\nforces = {{ {} }}\nintelligence = 0.6\ninterdiction_capacity = 2.0\ndisruption_capacity = 1.0\naccess = [{}]\nreplace_losses = true\n",
            forces.join(", "),
            (0..n)
                .map(|r| format!("\"r{r}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        t,
        "[[coa]]\nid = \"isolate-and-press\"\nregime = \"joint\"\nfactors = {{ isolation = \"links-and-support\", destruction = \"pressure\" }}\n"
    );
    t
}
