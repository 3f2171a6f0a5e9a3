//! Random streams: keyed, counter-based, and independent of thread count and run order.
//!
//! A replication's randomness is a function of `(seed, replication)` only. ChaCha8 is a
//! counter-based generator: its 256-bit key comes from the seed and its 64-bit stream number
//! from the replication and a channel. Each region, link and third party draws from its own
//! channel, so that two courses of action run on the same replication see *common random
//! numbers*: the same luck in the same place, whatever else differs between them.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The key that identifies one replication's random numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamKey {
    pub seed: u64,
    pub replication: u64,
}

impl StreamKey {
    pub fn new(seed: u64, replication: u64) -> StreamKey {
        StreamKey { seed, replication }
    }

    /// The generator of one channel of this replication.
    pub fn channel(self, channel: u32) -> ChaCha8Rng {
        let mut key = [0u8; 32];
        let mut state = self.seed;
        for chunk in key.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
        }
        let mut rng = ChaCha8Rng::from_seed(key);
        // 2^40 replications and 2^24 channels are far beyond any experiment.
        rng.set_stream((self.replication << 24) | u64::from(channel & 0x00ff_ffff));
        rng
    }
}

impl std::fmt::Display for StreamKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chacha8:{}:{}", self.seed, self.replication)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): expands a 64-bit seed into well-mixed key words.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
