//! The pages, rendered on the server: no script, no external URL.

use std::fmt::Write as _;

use cordon_model::{ActorId, Scenario};
use cordon_wargame::{
    ActorOrders, Estimate, Orders, Problem, SeatView, Setup, Stance, Viewer, disruptable, view,
};

use crate::aar::Review;
use crate::{Game, WHITE, seat_path};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5em;max-width:70em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.5em;border-bottom:1px solid #ccc}
table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.clock{font-size:1.2em;background:#f3f3f3;padding:.4em .8em}
.problems{background:#fde8e8;border:1px solid #c00;padding:.5em 1em}.muted{color:#777}
input[type=number]{width:5em}.note{font-size:.9em;color:#555}svg{background:#fbfbf8;border:1px solid #ddd}";

/// Escapes text for HTML.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn doc(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <meta name=\"viewport\" content=\"width=device-width\"><style>{STYLE}</style></head>\
         <body>{body}</body></html>",
        esc(title)
    )
}

/// Numbers as the terminal and the report print them: two decimals below 10, none above.
fn num(x: f64) -> String {
    let d = if x.abs() < 10.0 { 2 } else { 0 };
    cordon_experiment::format::num(x, d)
}

/// Counts of soldiers (a seat's own forces and losses, known exactly): whole numbers.
fn whole(x: f64) -> String {
    cordon_experiment::format::num(x, 0)
}

pub fn message(title: &str, text: &str) -> String {
    let lines: String = text.lines().map(|l| format!("<p>{}</p>", esc(l))).collect();
    doc(title, &format!("<h1>{}</h1>{lines}", esc(title)))
}

/// The facilitator's page: a new game.
pub fn home(s: &Scenario, scenario_name: &str) -> String {
    let setup = Setup::default_for(s);
    let seats: String = setup
        .seats
        .iter()
        .map(|seat| format!("{} = {}\n", seat.name, seat.actors.join(", ")))
        .collect();
    let actors: String = s
        .actors()
        .iter()
        .map(|a| format!("<code>{}</code> ({}) ", esc(&a.id), esc(&a.name)))
        .collect();
    doc(
        "Cordon wargame",
        &format!(
            "<h1>Cordon seminar wargame</h1>\
             <p>Scenario <b>{}</b> ({}): {} days, steps of {} day(s). The adversary plays by the model's doctrine; \
             the engine umpires every turn.</p>\
             <form method=\"post\" action=\"/games\">\
             <p><label>Game name <input name=\"name\" value=\"Seminar game\"></label></p>\
             <p><label>Turn length (days) <input name=\"turn_days\" type=\"number\" value=\"{}\" min=\"1\"></label> \
             <label>Turns <input name=\"turns\" type=\"number\" value=\"{}\" min=\"1\"></label> \
             <label>Seed <input name=\"seed\" type=\"number\" value=\"{}\"></label></p>\
             <p><label>Seats, one per line: <code>Name = actor, actor</code><br>\
             <textarea name=\"seats\" rows=\"{}\" cols=\"60\">{}</textarea></label></p>\
             <p class=\"note\">Actors: {actors}. Actors no seat plays hold their positions (contain).</p>\
             <p><button type=\"submit\">Create the game</button></p></form>",
            esc(&s.meta().name),
            esc(scenario_name),
            s.meta().horizon_days,
            s.meta().step_days,
            setup.turn_days,
            setup.turns,
            setup.seed,
            setup.seats.len() + 1,
            esc(&seats),
        ),
    )
}

/// The page after creating a game: the invitation links, shown once.
pub fn created(id: i64, name: &str, links: &[(String, String, String)]) -> String {
    let rows: String = links
        .iter()
        .map(|(label, seat, url)| {
            format!(
                "<tr><td>{}</td><td><a class=\"invite\" data-seat=\"{}\" href=\"{}\">{}</a></td></tr>",
                esc(label),
                esc(seat),
                esc(url),
                esc(url)
            )
        })
        .collect();
    doc(
        name,
        &format!(
            "<h1>Game {id}: {}</h1><p>Send each player their own link: it opens their seat and \
             only theirs. The links are shown only now; the server keeps only a hash of each.</p>\
             <table><tr><th>Seat</th><th>Invitation link</th></tr>{rows}</table>",
            esc(name)
        ),
    )
}

fn estimate(e: Option<Estimate>) -> String {
    match e {
        None => "<span class=\"muted\">unknown</span>".into(),
        Some(e) if e.exact => num(e.value),
        Some(e) => format!(
            "≈{} <span class=\"muted\">({}–{})</span>",
            num(e.value),
            num(e.low),
            num(e.high)
        ),
    }
}

/// The map as the seat knows it: regions on a circle, links between them.
fn map(s: &Scenario, v: &SeatView) -> String {
    let n = s.regions().len().max(1);
    let (w, h, r0) = (820.0, 480.0, 170.0);
    let pos = |r: usize| {
        let a = std::f64::consts::TAU * r as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
        (w / 2.0 + r0 * 1.5 * a.cos(), h / 2.0 + 20.0 + r0 * a.sin())
    };
    let mut out = format!(
        "<svg id=\"map\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"map\">"
    );
    for (l, link) in s.links().iter().enumerate() {
        let (x1, y1) = pos(link.from.index());
        let (x2, y2) = pos(link.to.index());
        let off = (l % 5) as f64 * 3.0 - 6.0;
        let (stroke, dash, title) = match v.links[l].integrity {
            None => ("#bbb".to_string(), "4 4", "integrity unknown".to_string()),
            Some(e) => {
                let g = (e.value * 160.0) as u8;
                (
                    format!("rgb({},{},60)", 200 - g, g),
                    "",
                    format!("integrity {}", num(e.value)),
                )
            }
        };
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{stroke}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"><title>{} ({}): {}</title></line>",
            x1 + off,
            y1 + off,
            x2 + off,
            y2 + off,
            esc(&link.id),
            link.kind.as_str(),
            esc(&title)
        );
    }
    for (r, region) in s.regions().iter().enumerate() {
        let (x, y) = pos(r);
        let rv = &v.regions[r];
        let (radius, fill, label) = match rv.fighters {
            None => (14.0, "#ddd", "?".to_string()),
            Some(e) => (
                (8.0 + e.value.max(0.0).sqrt() * 0.25).min(48.0),
                if rv.defeated == Some(true) {
                    "#9c9"
                } else {
                    "#d88"
                },
                num(e.value),
            ),
        };
        let own: f64 = v
            .forces
            .iter()
            .filter(|f| f.region == r)
            .map(|f| f.engaged)
            .sum();
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius:.1}\" fill=\"{fill}\" stroke=\"#555\"><title>{}</title></circle>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">{}</text>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">fighters {}{}</text>",
            esc(&region.name),
            y - radius - 16.0,
            esc(&region.name),
            y - radius - 4.0,
            esc(&label),
            if own > 0.0 {
                format!(" · engaged {}", num(own))
            } else {
                String::new()
            }
        );
    }
    out.push_str("</svg>");
    out
}

fn picture(s: &Scenario, v: &SeatView) -> String {
    let mut out = String::from(
        "<table id=\"picture\"><tr><th>Region</th><th>Intelligence</th><th>Fighters</th><th>Support base</th><th>Posture</th><th>Defeated</th></tr>",
    );
    for (r, region) in s.regions().iter().enumerate() {
        let rv = &v.regions[r];
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&region.name),
            if rv.quality > 0.0 {
                format!("{:.0}%", rv.quality * 100.0)
            } else {
                "none".into()
            },
            estimate(rv.fighters),
            estimate(rv.support),
            rv.posture.unwrap_or("?"),
            rv.defeated.map_or("?", |d| if d { "yes" } else { "no" })
        );
    }
    out.push_str("</table>");
    out
}

fn forces(s: &Scenario, v: &SeatView) -> String {
    if v.forces.is_empty() {
        return "<p class=\"muted\">No forces.</p>".into();
    }
    let mut out = String::from(
        "<table id=\"forces\"><tr><th>Actor</th><th>Region</th><th>Based</th><th>Engaged</th><th>Losses</th></tr>",
    );
    for f in &v.forces {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&s.actor(f.actor).name),
            esc(&s.regions()[f.region].name),
            whole(f.based),
            whole(f.engaged),
            whole(f.losses)
        );
    }
    out.push_str("</table>");
    out
}

/// The order form of seat `i`, filled with its orders in force, with what each choice costs.
fn order_form(game: &Game, i: usize, csrf: &str, world: &cordon_engine::World) -> String {
    let s = &game.scenario;
    let o: Orders = game.current_orders(i);
    let mut out = format!(
        "<form id=\"orders\" method=\"post\" action=\"/g/{}/{i}/orders\">\
         <input type=\"hidden\" name=\"_csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"_turn\" value=\"{}\">\
         <p><label><input type=\"checkbox\" name=\"joint\" value=\"on\"{}> Join the joint command \
         (pooled intelligence with the other members, one interdiction plan; the regime is joint only when every seat joins)</label></p>",
        game.id,
        game.turn() + 1,
        if o.joint { " checked" } else { "" }
    );
    for ao in &o.actors {
        let Some(a) = s.actor_by_id(&ao.actor) else {
            continue;
        };
        let actor = s.actor(a);
        let _ = write!(
            out,
            "<fieldset><legend>{} — intelligence {:.0}%, interdiction capacity {}, disruption capacity {}</legend>\
             <table><tr><th>Region</th><th>Forces based</th><th>Posture</th><th>Attack effort</th><th>Cost: forces engaged</th></tr>",
            esc(&actor.name),
            actor.intelligence * 100.0,
            num(actor.interdiction_capacity),
            num(actor.disruption_capacity)
        );
        region_rows(&mut out, s, world, a, ao);
        out.push_str("</table>");
        interdiction_rows(&mut out, s, a, ao);
        disruption_rows(&mut out, s, a, ao);
        backing_rows(&mut out, s, a, ao);
        out.push_str("</fieldset>");
    }
    out.push_str("<p><button id=\"submit\" type=\"submit\">Send orders</button></p></form>");
    out
}

/// The rows of an actor's postures and attack efforts, one per region it may act in.
fn region_rows(
    out: &mut String,
    s: &Scenario,
    world: &cordon_engine::World,
    a: ActorId,
    ao: &ActorOrders,
) {
    let actor = s.actor(a);
    let containment = s.strategy().containment_effort;
    let lay = &world.layout;
    for (r, region) in s.regions().iter().enumerate() {
        if !actor.access[r] {
            continue;
        }
        let based = world.u[lay.based(a.index(), r)];
        let (stance, effort) = ao
            .regions
            .iter()
            .find(|(x, _, _)| *x == region.id)
            .map_or((Stance::Withdraw, 0.0), |(_, st, e)| (*st, *e));
        let options: String = Stance::ALL
            .iter()
            .map(|st| {
                format!(
                    "<option value=\"{0}\"{1}>{0}</option>",
                    st.as_str(),
                    if *st == stance { " selected" } else { "" }
                )
            })
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td><select name=\"{id}.posture.{rid}\">{options}</select></td>\
             <td><input type=\"number\" step=\"0.05\" min=\"0\" max=\"1\" name=\"{id}.effort.{rid}\" value=\"{}\"></td>\
             <td class=\"note\">attack: effort × {}; contain: {}; withdraw: 0</td></tr>",
            esc(&region.name),
            num(based),
            if stance == Stance::Attack {
                effort.to_string()
            } else {
                String::new()
            },
            num(based),
            num(containment * based),
            id = esc(&actor.id),
            rid = esc(&region.id),
        );
    }
}

/// An actor's interdiction shares, one row per link in its jurisdiction.
fn interdiction_rows(out: &mut String, s: &Scenario, a: ActorId, ao: &ActorOrders) {
    let actor = s.actor(a);
    if actor.interdiction_capacity > 0.0 {
        let links: Vec<usize> = (0..s.links().len())
            .filter(|&l| s.links()[l].jurisdiction.contains(&a))
            .collect();
        if !links.is_empty() {
            out.push_str("<p>Interdiction (shares of its capacity, at most 1 in all):</p><table>");
            for l in links {
                let link = &s.links()[l];
                let share = ao
                    .interdict
                    .iter()
                    .find(|(x, _)| *x == link.id)
                    .map_or(String::new(), |(_, e)| e.to_string());
                let _ = write!(
                    out,
                    "<tr><td>{} <span class=\"muted\">({}, {} → {})</span></td>\
                     <td><input type=\"number\" step=\"0.05\" min=\"0\" max=\"1\" name=\"{}.interdict.{}\" value=\"{share}\"></td>\
                     <td class=\"note\">cost: share × {} of effort</td></tr>",
                    esc(&link.id),
                    link.kind.as_str(),
                    esc(&s.region(link.from).name),
                    esc(&s.region(link.to).name),
                    esc(&actor.id),
                    esc(&link.id),
                    num(actor.interdiction_capacity)
                );
            }
            out.push_str("</table>");
        }
    }
}

/// An actor's support-disruption shares, one row per region it may disrupt.
fn disruption_rows(out: &mut String, s: &Scenario, a: ActorId, ao: &ActorOrders) {
    let actor = s.actor(a);
    if actor.disruption_capacity > 0.0 {
        let regions: Vec<usize> = disruptable(s, a).collect();
        if !regions.is_empty() {
            out.push_str(
                "<p>Support disruption (shares of its capacity, at most 1 in all):</p><table>",
            );
            for r in regions {
                let region = &s.regions()[r];
                let share = ao
                    .disrupt
                    .iter()
                    .find(|(x, _)| *x == region.id)
                    .map_or(String::new(), |(_, e)| e.to_string());
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td><input type=\"number\" step=\"0.05\" min=\"0\" max=\"1\" name=\"{}.disrupt.{}\" value=\"{share}\"></td>\
                     <td class=\"note\">cost: share × {}</td></tr>",
                    esc(&region.name),
                    esc(&actor.id),
                    esc(&region.id),
                    num(actor.disruption_capacity)
                );
            }
            out.push_str("</table>");
        }
    }
}

/// An actor's backing of third parties, one row per third party within its reach.
fn backing_rows(out: &mut String, s: &Scenario, a: ActorId, ao: &ActorOrders) {
    let actor = s.actor(a);
    let thirds: Vec<usize> = (0..s.third_parties().len())
        .filter(|&g| actor.access[s.third_parties()[g].region.index()])
        .collect();
    if !thirds.is_empty() {
        out.push_str("<p>Back a third party (shares, at most 1 in all):</p><table>");
        for g in thirds {
            let tp = &s.third_parties()[g];
            let share = ao
                .back
                .iter()
                .find(|(x, _)| *x == tp.id)
                .map_or(String::new(), |(_, e)| e.to_string());
            let _ = write!(
                out,
                "<tr><td>{} <span class=\"muted\">({}, {})</span></td>\
                 <td><input type=\"number\" step=\"0.05\" min=\"0\" max=\"1\" name=\"{}.back.{}\" value=\"{share}\"></td></tr>",
                esc(&tp.name),
                esc(&s.region(tp.region).name),
                tp.stance.as_str(),
                esc(&actor.id),
                esc(&tp.id)
            );
        }
        out.push_str("</table>");
    }
}

/// The clock: the turn, the day and who has sent orders, or the end of the game.
fn clock(body: &mut String, game: &Game, seat: i64) {
    let s = &game.scenario;
    let setup = &game.setup;
    let n = setup.seats.len();
    let turn = game.turn();
    let day = game.results.last().map_or(0.0, |r| r.day);
    let given: Vec<&str> = (0..n)
        .filter(|&i| game.orders.get(turn).is_some_and(|o| o[i].is_some()))
        .map(|i| setup.seats[i].name.as_str())
        .collect();
    if game.over() {
        let _ = write!(
            body,
            "<p class=\"clock\" id=\"clock\">Game over on day {} after {} turns. \
             <a id=\"aar\" href=\"/g/{}/{}/aar\">After-action review</a></p>",
            day,
            game.results.len(),
            game.id,
            seat_path(seat)
        );
    } else {
        let _ = write!(
            body,
            "<p class=\"clock\" id=\"clock\">Turn <b id=\"turn\">{}</b> of {} — day {} to {} \
             — orders in from {} of {} seats{}</p>",
            turn + 1,
            setup.turns,
            day,
            setup.turn_end(s, turn),
            given.len(),
            n,
            if given.is_empty() {
                String::new()
            } else {
                format!(" ({})", esc(&given.join(", ")))
            }
        );
    }
}

/// The problems of orders that were not accepted.
fn problem_list(body: &mut String, problems: &[Problem]) {
    if !problems.is_empty() {
        let items: String = problems
            .iter()
            .map(|p| {
                format!(
                    "<li><code>{}</code>: {}</li>",
                    esc(&p.field),
                    esc(&p.message)
                )
            })
            .collect();
        let _ = write!(
            body,
            "<div class=\"problems\" id=\"problems\"><p>These orders were not accepted \
             (the orders you gave before stand):</p><ul>{items}</ul></div>"
        );
    }
}

/// The white cell's view of the game: the true state, the seats and the advance button.
fn white_cell(body: &mut String, game: &Game, csrf: &str, v: &SeatView) {
    let s = &game.scenario;
    let setup = &game.setup;
    let n = setup.seats.len();
    let turn = game.turn();
    let regime = game.results.last().map_or("—", |r| r.regime.as_str());
    let _ = write!(
        body,
        "<p>The true state. Regime of the last turn: <b>{regime}</b>. Leadership: {}.</p>",
        v.leader_region
            .map_or("in transit or dead".to_string(), |r| esc(
                &s.regions()[r].name
            ))
    );
    // The seats: who plays what, who is in the joint command, who has sent orders.
    let _ = write!(
        body,
        "<table id=\"seats\"><tr><th>Seat</th><th>Actors</th><th>Joint command</th><th>{}</th></tr>",
        if game.over() {
            "Orders".to_string()
        } else {
            format!("Orders for turn {}", turn + 1)
        }
    );
    let joint_now: Vec<bool> = (0..n).map(|i| game.current_orders(i).joint).collect();
    for (i, seat_def) in setup.seats.iter().enumerate() {
        let sent = game.orders.get(turn).is_some_and(|o| o[i].is_some());
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&seat_def.name),
            esc(&seat_def.actors.join(", ")),
            if joint_now[i] { "in" } else { "out" },
            if game.over() {
                "—"
            } else if sent {
                "sent"
            } else {
                "awaited"
            }
        );
    }
    body.push_str("</table>");
    if !game.over() {
        let _ = write!(
            body,
            "<form id=\"advance\" method=\"post\" action=\"/g/{}/white/advance\">\
             <input type=\"hidden\" name=\"_csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"_turn\" value=\"{}\">\
             <button id=\"advance-button\" type=\"submit\">Adjudicate turn {} now</button> \
             <span class=\"note\">Seats without new orders keep their last ones.</span></form>",
            game.id,
            turn + 1,
            turn + 1
        );
    }
}

/// The events of the turns played, as the seat sees them, the latest turn first.
fn event_list(body: &mut String, game: &Game, seat: i64, v: &SeatView) {
    let s = &game.scenario;
    body.push_str("<h2>Events</h2>");
    let mut any = false;
    for r in game.results.iter().rev() {
        let seen: Vec<&cordon_engine::Event> = r
            .events
            .iter()
            .filter(|e| seat == WHITE || visible(s, v, e))
            .collect();
        // Fighters on the move are summed per turn; every other event is told.
        let moves = |name: &str| {
            let (n, fighters) = seen
                .iter()
                .filter(|e| e.kind.name() == name)
                .fold((0, 0.0), |(n, f), e| (n + 1, f + moved(&e.kind)));
            (n, fighters)
        };
        let mut events: Vec<String> = seen
            .iter()
            .filter(|e| !matches!(e.kind.name(), "departed" | "arrived"))
            .map(|e| format!("<li>day {:.0}: {}</li>", e.day, esc(&e.describe(s))))
            .collect();
        for (name, verb) in [
            ("departed", "set out along a link"),
            ("arrived", "arrived in a region"),
        ] {
            let (n, fighters) = moves(name);
            if n > 0 {
                events.push(format!(
                    "<li>{} fighters {verb}, in {n} movements over the turn</li>",
                    num(fighters)
                ));
            }
        }
        if events.is_empty() {
            continue;
        }
        any = true;
        let _ = write!(
            body,
            "<h3>Turn {} ({})</h3><ul class=\"events\">{}</ul>",
            r.turn + 1,
            r.regime.as_str(),
            events.join("")
        );
    }
    if !any {
        body.push_str("<p class=\"muted\">Nothing reported yet.</p>");
    }
}

/// A seat's page (or the white cell's): clock, map, forces, orders, events.
pub fn seat_page(game: &Game, seat: i64, csrf: &str, problems: &[Problem]) -> String {
    let s = &game.scenario;
    let setup = &game.setup;
    let turn = game.turn();
    let world_now = game
        .results
        .last()
        .map(|r| r.world.clone())
        .unwrap_or_else(|| cordon_engine::World::new(s));
    let viewer = if seat == WHITE {
        Viewer::White
    } else {
        Viewer::Seat(seat as usize)
    };
    let shown_turn = turn.saturating_sub(1);
    let joint = game.joint(shown_turn);
    let v = view(s, setup, shown_turn, &world_now, &joint, viewer);
    let title = if seat == WHITE {
        "White cell".to_string()
    } else {
        setup.seats[seat as usize].name.clone()
    };
    let mut body = format!(
        "<h1 id=\"seat\">{} <span class=\"muted\">— {}</span></h1>",
        esc(&title),
        esc(&game.name)
    );
    clock(&mut body, game, seat);
    problem_list(&mut body, problems);
    if seat == WHITE {
        white_cell(&mut body, game, csrf, &v);
    } else if v.pooled {
        body.push_str("<p>You are in the joint command: this is the pooled picture, shared by its members.</p>");
    } else {
        body.push_str("<p>Your own picture: estimates carry the noise of your intelligence.</p>");
    }
    let _ = write!(body, "<h2>Map</h2>{}", map(s, &v));
    let _ = write!(
        body,
        "<h2>{}</h2>{}",
        if seat == WHITE {
            "The adversary (true state)"
        } else {
            "The adversary as you see it"
        },
        picture(s, &v)
    );
    let _ = write!(body, "<h2>Forces</h2>{}", forces(s, &v));
    if seat != WHITE && !game.over() {
        let _ = write!(
            body,
            "<h2>Orders for turn {}</h2>{}",
            turn + 1,
            order_form(game, seat as usize, csrf, &world_now)
        );
    }
    event_list(&mut body, game, seat, &v);
    doc(&title, &body)
}

/// Fighters moved by a departure or an arrival.
fn moved(kind: &cordon_engine::EventKind) -> f64 {
    if let cordon_engine::EventKind::Departed { fighters, .. }
    | cordon_engine::EventKind::Arrived { fighters, .. } = kind
    {
        *fighters
    } else {
        0.0
    }
}

/// Whether a seat hears of an event: it happened in a region it sees (or concerns no region).
fn visible(s: &Scenario, v: &SeatView, e: &cordon_engine::Event) -> bool {
    let text = e.describe(s);
    s.regions()
        .iter()
        .enumerate()
        .filter(|(_, r)| text.contains(&r.name) || text.contains(&r.id))
        .all(|(i, _)| v.regions[i].quality > 0.0)
}

/// The after-action review.
pub fn review_page(name: &str, s: &Scenario, setup: &Setup, r: &Review) -> String {
    let mut body = format!(
        "<h1>After-action review — {}</h1><p>The played campaign (day {}, {} turns of {} days, seed {}) \
         against the model's own ensemble: every course of action of the scenario, {} runs each to the same day, \
         on the same seed. <b>Nearest course:</b> <span id=\"nearest\">{}</span>.</p>",
        esc(name),
        r.day,
        r.turns.len(),
        setup.turn_days,
        setup.seed,
        crate::aar::REPS,
        esc(&r.nearest)
    );
    body.push_str("<h2>Where the outcome falls</h2><table id=\"placement\"><tr><th>Course</th>");
    for m in &r.measures {
        let _ = write!(
            body,
            "<th>{}<br><span class=\"muted\">{}; played {}</span></th>",
            esc(&m.label),
            m.better.as_str(),
            num(m.played)
        );
    }
    body.push_str("</tr>");
    for c in &r.courses {
        let _ = write!(
            body,
            "<tr data-course=\"{}\"><td>{}{}</td>",
            esc(&c.id),
            esc(&c.name),
            if c.baseline { " (baseline)" } else { "" }
        );
        for &(lo, med, hi, beat) in &c.stats {
            let _ = write!(
                body,
                "<td class=\"n\">{} <span class=\"muted\">[{}, {}]</span>{}</td>",
                num(med),
                num(lo),
                num(hi),
                beat.map_or(String::new(), |b| format!(
                    "<br>players beat {:.0}%",
                    b * 100.0
                ))
            );
        }
        body.push_str("</tr>");
    }
    body.push_str("</table><p class=\"note\">Median [10th, 90th percentile] of each course's runs; \
                   “players beat” is the share of its runs the played campaign did better than.</p>");
    body.push_str(
        "<h2>Which decisions moved it</h2><table id=\"turns\"><tr><th>Turn</th><th>Regime</th>",
    );
    for m in &r.measures {
        let _ = write!(
            body,
            "<th>{}<br><span class=\"muted\">played (baseline)</span></th>",
            esc(&m.name)
        );
    }
    body.push_str("</tr>");
    for t in &r.turns {
        let _ = write!(
            body,
            "<tr><td>{} (to day {})</td><td>{}</td>",
            t.turn + 1,
            t.day,
            t.regime
        );
        for &(played, base) in &t.change {
            let _ = write!(
                body,
                "<td class=\"n\">{:+} ({:+})</td>",
                round3(played),
                round3(base)
            );
        }
        let _ = write!(
            body,
            "</tr><tr><td></td><td colspan=\"{}\" class=\"note\">{}</td></tr>",
            r.measures.len() + 1,
            t.decisions
                .iter()
                .map(|d| esc(d))
                .collect::<Vec<_>>()
                .join("<br>")
        );
    }
    body.push_str("</table><p class=\"note\">The change of each measure over the turn, played and (in brackets) \
                   the baseline course's median over the same days: a turn whose played change departs most from the \
                   baseline's is where the players' decisions moved the campaign.</p>");
    let _ = s;
    doc(&format!("After-action review — {name}"), &body)
}

fn round3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}
