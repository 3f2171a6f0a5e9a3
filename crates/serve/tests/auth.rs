//! Every endpoint refuses another seat's token and an absent one; forms need their
//! anti-forgery value; bodies are limited; order submissions are rate-limited.

use crate::common::{Game, get, post, start};

#[test]
fn every_endpoint_refuses_an_absent_token_and_another_seats() {
    let (base, _db) = start("auth", 100.0);
    let game = Game::create(&base, 3);
    let other = Game::create(&base, 3);
    for seat in 0..4 {
        let url = game.seat_url(seat);
        // Another seat of the same game, and the same seat of another game.
        let wrong = [
            game.tokens[(seat + 1) % 4].as_str(),
            other.tokens[seat].as_str(),
        ];
        let csrf = cordon_serve::csrf_of(&game.tokens[seat]);
        let gets = [url.clone(), format!("{url}/state"), format!("{url}/aar")];
        for u in &gets {
            assert_eq!(get(u, None).0, 401, "{u} without a token");
            for w in wrong {
                assert_eq!(get(u, Some(w)).0, 403, "{u} with another token");
            }
        }
        let posts = [format!("{url}/orders"), format!("{url}/advance")];
        for u in &posts {
            assert_eq!(
                post(u, None, &[("_csrf", &csrf)]).0,
                401,
                "{u} without a token"
            );
            for w in wrong {
                let csrf_w = cordon_serve::csrf_of(w);
                assert_eq!(
                    post(u, Some(w), &[("_csrf", &csrf_w)]).0,
                    403,
                    "{u} with another token"
                );
            }
        }
        let join = format!(
            "{}/join/{}/{}",
            base,
            game.id,
            url.rsplit('/').next().expect("seat")
        );
        assert_eq!(get(&join, None).0, 401);
        for w in wrong {
            assert_eq!(
                get(&format!("{join}?t={w}"), None).0,
                403,
                "{join} with another token"
            );
        }
        // Its own token opens its page.
        assert_eq!(get(&url, Some(&game.tokens[seat])).0, 200);
    }
    // A seat cannot advance the turn: only the white cell.
    let csrf = cordon_serve::csrf_of(&game.tokens[0]);
    assert_eq!(
        post(
            &format!("{}/advance", game.seat_url(0)),
            Some(&game.tokens[0]),
            &[("_csrf", &csrf)]
        )
        .0,
        403
    );
    // Nothing was accepted by any of these requests.
    assert_eq!(game.state(0)["orders_stored"], 0);
    assert_eq!(game.state(0)["turn"], 1);
}

#[test]
fn the_cookie_of_another_seat_opens_nothing() {
    let (base, _db) = start("cookie", 100.0);
    let game = Game::create(&base, 3);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    // Seat 1's token under seat 0's cookie name.
    let cookie = format!(
        "{}={}",
        cordon_serve::cookie_name(game.id, 0),
        game.tokens[1]
    );
    let r = agent
        .get(&game.seat_url(0))
        .header("Cookie", &cookie)
        .call()
        .expect("request");
    assert_eq!(r.status().as_u16(), 403);
    // The invitation link sets the seat's own cookie, scoped to its pages.
    let r = agent
        .get(&format!("{}/join/{}/0?t={}", base, game.id, game.tokens[0]))
        .call()
        .expect("request");
    assert_eq!(r.status().as_u16(), 303);
    let set = r
        .headers()
        .get("set-cookie")
        .expect("cookie")
        .to_str()
        .expect("text");
    assert!(
        set.contains("HttpOnly")
            && set.contains("SameSite=Strict")
            && set.contains(&format!("Path=/g/{}/0", game.id)),
        "{set}"
    );
    let pair = set.split(';').next().expect("pair");
    let r = agent
        .get(&game.seat_url(0))
        .header("Cookie", pair)
        .call()
        .expect("request");
    assert_eq!(r.status().as_u16(), 200);
}

#[test]
fn forms_need_their_anti_forgery_value_and_bodies_are_limited() {
    let (base, _db) = start("csrf", 100.0);
    let game = Game::create(&base, 3);
    let url = format!("{}/orders", game.seat_url(0));
    let token = Some(game.tokens[0].as_str());
    assert_eq!(post(&url, token, &[("us.posture.levant", "attack")]).0, 403);
    let forged = cordon_serve::csrf_of(&game.tokens[1]);
    assert_eq!(post(&url, token, &[("_csrf", &forged)]).0, 403);
    let big = "x".repeat(cordon_serve::BODY_LIMIT + 1);
    assert_eq!(post(&url, token, &[("_csrf", &big)]).0, 413);
    assert_eq!(game.state(0)["orders_stored"], 0);
}

#[test]
fn order_submissions_are_rate_limited() {
    let (base, _db) = start("rate", 3.0);
    let game = Game::create(&base, 3);
    let codes: Vec<u16> = (0..5).map(|_| game.order(0, &[]).0).collect();
    assert_eq!(codes, [303, 303, 303, 429, 429]);
    assert_eq!(game.state(0)["orders_stored"], 3);
    // Another seat has its own allowance.
    assert_eq!(game.order(1, &[]).0, 303);
}
