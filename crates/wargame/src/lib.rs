//! Cordon's seminar wargame: people play the coalition's states, the engine is the umpire.
//!
//! - [`Setup`]: a game of a scenario: its seats (each one coalition actor or a group of them;
//!   the white cell is every game's extra seat), the turn length, the number of turns and the
//!   seed.
//! - [`Orders`]: what one seat orders for one turn (posture and effort per region, interdiction
//!   per link, support disruption, backing a third party, joining the joint command), read from
//!   form fields and checked against the seat's means and access ([`Orders::from_fields`]), each
//!   problem naming its field.
//! - [`play`]: the turns adjudicated by the engine, stochastic and seeded: the same orders give
//!   the same campaign, to the bit, so a game replays from its stored orders.
//! - [`view`]: what a seat sees after a turn: its own forces exactly, the adversary through
//!   estimates whose noise its intelligence implies (drawn from the seat's own random stream),
//!   the pooled picture when it is in the joint command; the white cell sees the true state.
//!
//! No I/O: the server (`cordon-serve`) stores the orders and renders the pages.

mod fog;
mod orders;
mod play;
mod setup;

pub use fog::{Estimate, Forces, LinkView, RegionView, SeatView, Viewer, view};
pub use orders::{ActorOrders, Orders, Problem, Stance, disruptable};
pub use play::{TurnResult, play, regime, turn_course};
pub use setup::{Seat, Setup, SetupError};
