//! Small-group suppression under disclosure control (`policy::AggregateRules::controlled`):
//! figures about fewer than five people (or records) are withheld, and enough further groups
//! with them that no withheld figure can be recomputed from the total and the groups that are
//! shown; minimum and maximum, each a single record's value, are withheld everywhere.

use super::{Figures, Group};
use crate::auth::policy::is_small_group;

/// Withholds what a caller under disclosure control may not see; returns how many groups were
/// withheld.
///
/// 1. Query-set size: a total over 1–4 people ([`is_small_group`]) is withheld (`None`), and
///    every group with it.
/// 2. Primary: each group counting 1–4 people is withheld.
/// 3. Secondary: while the withheld groups are just one, or count fewer than five people
///    together, the smallest shown group is withheld too, so "total minus the shown groups"
///    never isolates a small group.
pub fn suppress(total: &mut Option<Figures>, groups: &mut Vec<Group>) -> usize {
    let total_people = total.as_ref().map_or(0, |t| t.people);
    if is_small_group(total_people) {
        *total = None;
        let withheld = groups.len();
        groups.clear();
        return withheld;
    }
    let mut withheld: Vec<bool> = groups
        .iter()
        .map(|g| is_small_group(g.figures.people))
        .collect();
    loop {
        let count = withheld.iter().filter(|w| **w).count();
        let people: i64 = groups
            .iter()
            .zip(&withheld)
            .filter(|(_, w)| **w)
            .map(|(g, _)| g.figures.people)
            .sum();
        if count == 0 || (count >= 2 && !is_small_group(people)) {
            break;
        }
        let smallest = groups
            .iter()
            .enumerate()
            .filter(|(i, _)| !withheld.get(*i).copied().unwrap_or(true))
            .min_by_key(|(_, g)| g.figures.people)
            .map(|(i, _)| i);
        match smallest.and_then(|i| withheld.get_mut(i)) {
            Some(flag) => *flag = true,
            None => break,
        }
    }
    let mut flags = withheld.into_iter();
    let before = groups.len();
    groups.retain(|_| !flags.next().unwrap_or(true));
    before - groups.len()
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
        let mut groups = vec![group("a", 4)];
        assert_eq!(suppress(&mut total, &mut groups), 1);
        assert!(total.is_none() && groups.is_empty());

        let mut total = Some(group("t", 30).figures);
        let mut groups = vec![group("a", 10), group("b", 20)];
        assert_eq!(suppress(&mut total, &mut groups), 0);
        assert_eq!(groups.len(), 2);
    }
}
