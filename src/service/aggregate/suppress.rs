//! Small-figure suppression under disclosure control (`policy::AggregateRules::controlled`):
//! figures about fewer than five people (or records) are withheld, and enough further ones with
//! them that no withheld figure can be recomputed from the total and what is shown; minimum and
//! maximum, each a single record's value, are withheld everywhere.

use super::{Figures, Group, Stats};
use crate::auth::policy::is_small_group;

/// Withholds what a caller under disclosure control may not see; returns how many groups were
/// left out.
///
/// 1. Query-set size: when the total counts 1–4 people ([`is_small_group`]), everything is
///    withheld, the total, the groups and how many there were (0 is returned).
/// 2. Groups: each counting 1–4 people is left out, and then, while the left-out groups are
///    just one or count fewer than five people together, the smallest shown one too, so "total
///    minus the shown groups" never isolates a small group.
/// 3. Measures: a statistic over 1–4 rows with a value is one or two records' values (the one
///    blogger among five people): it is withheld, with the same completion over the groups
///    left out and the measures withheld, or in the total too when no completion exists.
/// 4. Minimum and maximum are withheld everywhere ([`withhold_extremes`]).
pub fn suppress(total: &mut Option<Figures>, groups: &mut Vec<Group>) -> usize {
    if total.as_ref().is_some_and(|t| is_small_group(t.people)) {
        *total = None;
        groups.clear();
        return 0;
    }
    let people: Vec<i64> = groups.iter().map(|g| g.figures.people).collect();
    let (left_out, _) = complete(&people, people.iter().map(|&n| is_small_group(n)).collect());
    let measures = total
        .as_ref()
        .or(groups.first().map(|g| &g.figures))
        .map_or(0, |f| f.measures.len());
    for m in 0..measures {
        let values: Vec<i64> = groups.iter().map(|g| stats(&g.figures, m).values).collect();
        let small = left_out
            .iter()
            .zip(&values)
            .map(|(&out, &n)| out || is_small_group(n))
            .collect();
        let (hidden, complete) = complete(&values, small);
        for (group, _) in groups.iter_mut().zip(&hidden).filter(|(_, h)| **h) {
            withhold(&mut group.figures, m);
        }
        if let Some(t) = total.as_mut()
            && (!complete || is_small_group(stats(t, m).values))
        {
            withhold(t, m);
        }
    }
    withhold_extremes(
        total
            .iter_mut()
            .chain(groups.iter_mut().map(|g| &mut g.figures)),
    );
    let mut flags = left_out.into_iter();
    let before = groups.len();
    groups.retain(|_| !flags.next().unwrap_or(true));
    before - groups.len()
}

/// Extends `withheld` (flags over `sizes`) until nothing is withheld, or at least two parts
/// that count at least five together (a withheld part of size 0 hides nothing), by adding the
/// smallest non-empty part still shown; `false` when the parts run out first.
fn complete(sizes: &[i64], mut withheld: Vec<bool>) -> (Vec<bool>, bool) {
    loop {
        let count = withheld.iter().filter(|w| **w).count();
        let size: i64 = sizes
            .iter()
            .zip(&withheld)
            .filter(|(_, w)| **w)
            .map(|(n, _)| n)
            .sum();
        if count == 0 || (count >= 2 && !is_small_group(size)) {
            return (withheld, true);
        }
        let smallest = sizes
            .iter()
            .enumerate()
            .filter(|&(i, &n)| n > 0 && !withheld.get(i).copied().unwrap_or(true))
            .min_by_key(|&(_, &n)| n)
            .map(|(i, _)| i);
        match smallest.and_then(|i| withheld.get_mut(i)) {
            Some(flag) => *flag = true,
            None => return (withheld, false),
        }
    }
}

fn stats(figures: &Figures, measure: usize) -> Stats {
    figures.measures.get(measure).copied().unwrap_or_default()
}

fn withhold(figures: &mut Figures, measure: usize) {
    if let Some(stats) = figures.measures.get_mut(measure) {
        *stats = Stats {
            withheld: true,
            ..Stats::default()
        };
    }
}

/// Clears the minimum and maximum of every measure: each is one record's value (a seller's
/// sales, a case's amount), which a query can tie to the record.
pub fn withhold_extremes<'a>(figures: impl IntoIterator<Item = &'a mut Figures>) {
    for f in figures {
        for stats in &mut f.measures {
            stats.min = None;
            stats.max = None;
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a test")]
mod tests {
    use super::*;

    fn group(key: &str, people: i64) -> Group {
        Group {
            key: vec![Some(key.to_owned())],
            labels: vec![key.to_owned()],
            figures: Figures {
                count: people,
                people,
                measures: Vec::new(),
            },
        }
    }

    fn keys(groups: &[Group]) -> Vec<String> {
        groups.iter().filter_map(|g| g.key[0].clone()).collect()
    }

    #[test]
    fn a_lone_small_group_takes_the_next_smallest_with_it() {
        let mut total = Some(group("t", 40).figures);
        let mut groups = vec![group("a", 20), group("b", 3), group("c", 9), group("d", 8)];
        assert_eq!(suppress(&mut total, &mut groups), 2);
        assert_eq!(keys(&groups), ["a", "c"]);
        assert!(total.is_some());
    }

    #[test]
    fn two_small_groups_that_sum_to_five_are_enough() {
        let mut total = Some(group("t", 30).figures);
        let mut groups = vec![group("a", 2), group("b", 3), group("c", 25)];
        assert_eq!(suppress(&mut total, &mut groups), 2);
        assert_eq!(keys(&groups), ["c"]);
    }

    #[test]
    fn a_small_total_withholds_everything_and_large_groups_stay() {
        let mut total = Some(group("t", 4).figures);
        let mut groups = vec![group("a", 2), group("b", 2)];
        assert_eq!(suppress(&mut total, &mut groups), 0, "not even how many");
        assert!(total.is_none() && groups.is_empty());

        let mut total = Some(group("t", 30).figures);
        let mut groups = vec![group("a", 10), group("b", 20)];
        assert_eq!(suppress(&mut total, &mut groups), 0);
        assert_eq!(groups.len(), 2);
    }

    /// A group of `people` of whom `values` have a value, each 100.
    fn measured(key: &str, people: i64, values: i64) -> Group {
        let mut g = group(key, people);
        g.figures.measures = vec![Stats {
            sum: 100 * values,
            values,
            min: (values > 0).then_some(100),
            max: (values > 0).then_some(100),
            withheld: false,
        }];
        g
    }

    #[test]
    fn a_measure_over_few_rows_is_withheld_with_a_partner_and_extremes_never_shown() {
        let mut total = Some(measured("t", 30, 12).figures);
        let mut groups = vec![
            measured("a", 10, 1),
            measured("b", 10, 0),
            measured("c", 10, 11),
        ];
        assert_eq!(suppress(&mut total, &mut groups), 0);
        let shown = |g: &Group| !g.figures.measures[0].withheld;
        assert!(!shown(&groups[0]), "one blogger's followers");
        assert!(shown(&groups[1]), "nothing to hide among none");
        assert!(!shown(&groups[2]), "else total minus c gives a's figure");
        let t = total.unwrap();
        assert!(!t.measures[0].withheld && t.measures[0].max.is_none());
        assert_eq!(
            groups[0].figures.measures[0],
            Stats {
                withheld: true,
                ..Stats::default()
            }
        );

        // A group left out for its people hides its values too: they are completed the same way.
        let mut total = Some(measured("t", 27, 21).figures);
        let mut groups = vec![
            measured("a", 3, 2),
            measured("b", 4, 1),
            measured("c", 10, 9),
            measured("d", 10, 9),
        ];
        assert_eq!(suppress(&mut total, &mut groups), 2);
        assert_eq!(keys(&groups), ["c", "d"]);
        let withheld: Vec<bool> = groups
            .iter()
            .map(|g| g.figures.measures[0].withheld)
            .collect();
        assert_eq!(
            withheld,
            [true, false],
            "a and b had 3 values: c's go with them"
        );

        // Nothing to complete with: the total's figure goes.
        let mut total = Some(measured("t", 20, 3).figures);
        let mut groups = vec![measured("a", 10, 3), measured("b", 10, 0)];
        suppress(&mut total, &mut groups);
        assert!(total.unwrap().measures[0].withheld);
    }
}
