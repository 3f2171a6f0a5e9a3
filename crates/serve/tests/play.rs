//! A game played through the server: orders, turns, the white cell, the after-action review,
//! and the replay of the finished game from its stored orders.

use crate::common::{Game, get, start};

#[test]
fn three_turns_then_the_review_and_an_exact_replay() {
    let (base, db) = start("play", 100.0);
    let game = Game::create(&base, 3);
    // Turn 1: every seat gives orders, the turn is adjudicated when the last arrives.
    assert_eq!(
        game.order(
            0,
            &[
                ("us.posture.levant", "attack"),
                ("us.effort.levant", "0.8"),
                ("joint", "on")
            ]
        )
        .0,
        303
    );
    assert_eq!(
        game.order(
            1,
            &[
                ("russia.posture.levant", "attack"),
                ("russia.effort.levant", "0.5")
            ]
        )
        .0,
        303
    );
    assert_eq!(game.state(3)["turn"], 1);
    assert_eq!(game.order(2, &[("iraq.disrupt.levant", "1")]).0, 303);
    assert_eq!(game.state(3)["turn"], 2);
    assert_eq!(game.state(3)["day"], 30.0);
    // Turn 2: a bad order is refused with its field named, and the accepted ones stand.
    assert_eq!(
        game.order(0, &[("nato.interdict.levant-europe-fighters", "0.6")])
            .0,
        303
    );
    let (status, page) = game.order(
        0,
        &[("us.effort.levant", "3"), ("us.posture.levant", "attack")],
    );
    assert_eq!(status, 422);
    assert!(
        page.contains("<code>us.effort.levant</code>: 3 is out of range: 0 to 1"),
        "{page}"
    );
    assert_eq!(game.state(0)["given"][0], true);
    // The white cell adjudicates without waiting for Moscow and Baghdad.
    assert_eq!(game.advance().0, 303);
    assert_eq!(game.state(0)["turn"], 3);
    // Turn 3: all seats.
    for seat in 0..3 {
        assert_eq!(game.order(seat, &[("joint", "on")]).0, 303);
    }
    let state = game.state(3);
    assert_eq!(state["over"], true);
    assert_eq!(state["orders_stored"], 7);
    assert!(game.order(0, &[]).0 == 409, "no orders after the end");
    // Each seat's page, then the white cell's true state.
    let (status, page) = get(&game.seat_url(1), Some(&game.tokens[1]));
    assert_eq!(status, 200);
    assert!(page.contains("Game over on day 90") && page.contains("<svg id=\"map\""));
    let (status, white) = get(&game.seat_url(3), Some(&game.tokens[3]));
    assert_eq!(status, 200);
    assert!(white.contains("The true state"));
    // The after-action review.
    let (status, review) = get(&format!("{}/aar", game.seat_url(2)), Some(&game.tokens[2]));
    assert_eq!(status, 200, "{review}");
    assert!(review.contains("Nearest course") && review.contains("players beat"));
    // The stored orders replay every stored turn to the bit (as on a restart).
    let replayed = cordon_serve::check_replay(&db.display().to_string()).expect("replays");
    assert_eq!(replayed, vec![(game.id, 3)]);
}
