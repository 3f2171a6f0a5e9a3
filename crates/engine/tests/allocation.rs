//! The step loop does not allocate: a counting allocator watches this thread while a campaign of
//! the default scenario steps to its horizon.
//!
//! The one use of `unsafe` in the workspace: a test allocator that forwards to the system one.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use cordon_engine::{Campaign, Mode, NoObserver, StreamKey};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn the_step_loop_does_not_allocate() {
    let s = cordon_model::default_scenario();
    for coa in s.coa_ids() {
        for mode in [Mode::Stochastic, Mode::MeanField] {
            let id = s.coa_by_id(coa).expect("coa");
            let mut campaign = Campaign::new(&s, id, mode, StreamKey::new(3, 1));
            campaign.begin(&mut NoObserver);
            COUNT.with(|c| c.set(0));
            COUNTING.with(|c| c.set(true));
            while !campaign.finished() {
                campaign.step(&mut NoObserver).expect("steps");
            }
            COUNTING.with(|c| c.set(false));
            let n = COUNT.with(Cell::get);
            assert_eq!(n, 0, "{coa} {mode:?}: {n} allocations in the step loop");
        }
    }
}
