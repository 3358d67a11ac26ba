//! A small log-linear histogram (HDR-like, about 1.6 % precision) for the many vote-to-listener
//! samples; vote latencies are few enough to be sorted exactly.

/// Sub-buckets per power of two: the top `SUB_BITS` bits of a value are kept.
const SUB_BITS: u32 = 7;
const HALF: u64 = 1 << (SUB_BITS - 1);
/// Covers values up to 2^32 microseconds (71 minutes); larger ones land in the last bucket.
const BUCKETS: usize = ((32 - SUB_BITS + 1) as usize + 1) * HALF as usize + HALF as usize;

#[derive(Clone)]
pub struct Hist {
    counts: Vec<u32>,
    total: u64,
    max: u64,
}

impl Default for Hist {
    fn default() -> Self {
        Hist {
            counts: vec![0; BUCKETS],
            total: 0,
            max: 0,
        }
    }
}

fn index(v: u64) -> usize {
    if v < (1 << SUB_BITS) {
        return v as usize;
    }
    let msb = 63 - v.leading_zeros();
    let shift = msb + 1 - SUB_BITS;
    let i = (shift as u64 * HALF + (v >> shift)) as usize;
    i.min(BUCKETS - 1)
}

/// The highest value that falls into bucket `i`.
fn upper(i: usize) -> u64 {
    let i = i as u64;
    if i < (1 << SUB_BITS) {
        return i;
    }
    let shift = i / HALF - 1;
    let mantissa = i - shift * HALF;
    ((mantissa + 1) << shift) - 1
}

impl Hist {
    pub fn record(&mut self, v: u64) {
        let slot = &mut self.counts[index(v)];
        *slot = slot.saturating_add(1);
        self.total += 1;
        self.max = self.max.max(v);
    }

    pub fn merge(&mut self, other: &Hist) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a = a.saturating_add(*b);
        }
        self.total += other.total;
        self.max = self.max.max(other.max);
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    pub fn max(&self) -> u64 {
        self.max
    }

    /// The value below or at which a fraction `q` of the samples lie (bucket upper bound).
    pub fn quantile(&self, q: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0u64;
        for (i, c) in self.counts.iter().enumerate() {
            seen += *c as u64;
            if seen >= rank {
                return upper(i).min(self.max);
            }
        }
        self.max
    }
}

/// Exact quantile of sorted values.
pub fn sorted_quantile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_monotonic_and_tight() {
        let mut last = 0;
        for v in (0..5_000_000u64).step_by(7) {
            let i = index(v);
            assert!(i >= last);
            last = i;
            assert!(upper(i) >= v, "{v} -> {i} -> {}", upper(i));
            assert!(upper(i) - v <= v / 60 + 1, "{v} -> {}", upper(i));
        }
    }

    #[test]
    fn quantiles() {
        let mut h = Hist::default();
        for v in 1..=1000u64 {
            h.record(v * 100);
        }
        let p50 = h.quantile(0.5);
        assert!((49_000..=51_000).contains(&p50), "{p50}");
        assert_eq!(h.quantile(1.0), 100_000);
        assert_eq!(sorted_quantile(&[1, 2, 3, 4], 0.5), 2);
        assert_eq!(sorted_quantile(&[1, 2, 3, 4], 0.99), 4);
    }
}
