//! How many staged rows a batch of a chunked import takes. On SQLite every other writer waits
//! while a chunk holds the write lock, and a chunk's time is mostly its batch's writing and
//! commit, whose pace follows the disk: the same 1,500 people took 0.5 s in one hour and 1.3 s
//! in the next on one machine. So the size follows the pace of the last chunk, to keep each
//! within a budget an editor can wait.

use std::time::Duration;

/// How long one chunk may hold the writer: with an editor's own write after it, under a second.
pub const CHUNK_BUDGET: Duration = Duration::from_millis(600);

/// The fewest rows a batch takes however slow the disk: below this the commits' syncs, not
/// the rows, would be most of the time.
const FEWEST: usize = 200;

/// The staged rows of the next batch.
#[derive(Debug)]
pub struct BatchSize {
    most: usize,
    /// `None`: the whole file is one transaction, nobody waits on a chunk (PostgreSQL).
    budget: Option<Duration>,
    limit: usize,
    /// Rows written in the chunk under way.
    written: usize,
}

impl BatchSize {
    /// At most `most` rows a batch; paced to `budget` a chunk when there is one.
    pub fn new(most: usize, budget: Option<Duration>) -> Self {
        Self {
            most,
            budget,
            limit: most,
            written: 0,
        }
    }

    /// The size a batch is written at.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// `rows` staged rows were written in the chunk under way.
    pub fn wrote(&mut self, rows: usize) {
        self.written += rows;
    }

    /// The chunk under way ended after holding the writer for `held`: the next batch takes
    /// the rows that fit the budget at that pace.
    pub fn chunk_ended(&mut self, held: Duration) {
        let rows = std::mem::take(&mut self.written);
        let Some(budget) = self.budget else { return };
        if rows == 0 || held.is_zero() {
            return;
        }
        let fitting = rows as f64 * budget.as_secs_f64() / held.as_secs_f64();
        self.limit = (fitting as usize).clamp(FEWEST.min(self.most), self.most);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn a_slow_chunk_makes_the_next_batch_smaller_and_a_fast_one_brings_it_back() {
        let mut size = BatchSize::new(1_500, Some(MS(600)));
        assert_eq!(size.limit(), 1_500);
        size.wrote(1_500);
        size.chunk_ended(MS(1_200));
        assert_eq!(size.limit(), 750, "half the pace, half the rows");
        size.wrote(750);
        size.chunk_ended(MS(300));
        assert_eq!(size.limit(), 1_500, "never above the most");
    }

    #[test]
    fn the_size_stays_within_its_bounds_and_a_chunk_without_writes_says_nothing() {
        let mut size = BatchSize::new(1_500, Some(MS(600)));
        size.wrote(1_500);
        size.chunk_ended(Duration::from_secs(60));
        assert_eq!(size.limit(), 200, "never below the fewest");
        size.chunk_ended(MS(5));
        assert_eq!(size.limit(), 200, "no rows written: no pace to learn from");
    }

    #[test]
    fn without_a_budget_every_batch_takes_the_most() {
        let mut size = BatchSize::new(1_500, None);
        size.wrote(1_500);
        size.chunk_ended(Duration::from_secs(10));
        assert_eq!(size.limit(), 1_500);
    }
}
