//! Python `dict` / `set` semantics on insertion-ordered [`Dict`] / [`Set`].

use crate::exc::raise;
use crate::fmt::{to_repr, PyFmt};
use crate::{Dict, Set};
use std::borrow::Borrow;
use std::hash::Hash;

fn key_error<K: PyFmt + ?Sized>(k: &K) -> ! {
    raise("KeyError", to_repr(k))
}

/// A new empty dict.
pub fn new<K, V>() -> Dict<K, V> {
    Dict::default()
}

/// `d[k]` (KeyError with `repr(k)`).
pub fn get<'a, K, V, Q>(d: &'a Dict<K, V>, k: &Q) -> &'a V
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + PyFmt + ?Sized,
{
    d.get(k).unwrap_or_else(|| key_error(k))
}

/// `d[k]` for in-place update.
pub fn get_mut<'a, K, V, Q>(d: &'a mut Dict<K, V>, k: &Q) -> &'a mut V
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + PyFmt + ?Sized,
{
    match d.get_mut(k) {
        Some(v) => v,
        None => key_error(k),
    }
}

/// `d.get(k, default)`.
pub fn get_or<K: Hash + Eq, V: Clone>(d: &Dict<K, V>, k: &K, default: V) -> V {
    d.get(k).cloned().unwrap_or(default)
}

/// `d[k] = v` (keeps the original position of an existing key).
pub fn set<K: Hash + Eq, V>(d: &mut Dict<K, V>, k: K, v: V) {
    d.insert(k, v);
}

/// `d.setdefault(k, default)`.
pub fn setdefault<K: Hash + Eq, V>(d: &mut Dict<K, V>, k: K, default: V) -> &mut V {
    d.entry(k).or_insert(default)
}

/// `d.pop(k)` (KeyError if absent).
pub fn pop<K, V, Q>(d: &mut Dict<K, V>, k: &Q) -> V
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + PyFmt + ?Sized,
{
    d.shift_remove(k).unwrap_or_else(|| key_error(k))
}

/// `d.pop(k, default)`.
pub fn pop_or<K: Hash + Eq, V>(d: &mut Dict<K, V>, k: &K, default: V) -> V {
    d.shift_remove(k).unwrap_or(default)
}

/// `del d[k]`.
pub fn remove<K, V, Q>(d: &mut Dict<K, V>, k: &Q)
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + PyFmt + ?Sized,
{
    if d.shift_remove(k).is_none() {
        key_error(k);
    }
}

/// `d.popitem()` (last inserted pair).
pub fn popitem<K: Hash + Eq, V>(d: &mut Dict<K, V>) -> (K, V) {
    d.pop()
        .unwrap_or_else(|| raise("KeyError", "'popitem(): dictionary is empty'"))
}

/// `dict(pairs)`: later duplicates overwrite the value but keep the first position.
pub fn from_pairs<K: Hash + Eq, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Dict<K, V> {
    let mut d = Dict::default();
    for (k, v) in pairs {
        d.insert(k, v);
    }
    d
}

/// `dict.fromkeys(keys, value)`.
pub fn fromkeys<K: Hash + Eq, V: Clone>(keys: impl IntoIterator<Item = K>, v: V) -> Dict<K, V> {
    from_pairs(keys.into_iter().map(|k| (k, v.clone())))
}

/// `d.update(other)`.
pub fn update<K: Hash + Eq + Clone, V: Clone>(d: &mut Dict<K, V>, other: &Dict<K, V>) {
    for (k, v) in other {
        d.insert(k.clone(), v.clone());
    }
}

/// `list(d.keys())`.
pub fn keys<K: Clone, V>(d: &Dict<K, V>) -> Vec<K> {
    d.keys().cloned().collect()
}

/// `list(d.values())`.
pub fn values<K, V: Clone>(d: &Dict<K, V>) -> Vec<V> {
    d.values().cloned().collect()
}

/// `list(d.items())`.
pub fn items<K: Clone, V: Clone>(d: &Dict<K, V>) -> Vec<(K, V)> {
    d.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// `d1 == d2` (order-insensitive like Python).
pub fn eq<K: Hash + Eq, V: PartialEq>(a: &Dict<K, V>, b: &Dict<K, V>) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k) == Some(v))
}

/// A new empty set.
pub fn new_set<T>() -> Set<T> {
    Set::default()
}

/// `set(items)`.
pub fn set_from<T: Hash + Eq>(items: impl IntoIterator<Item = T>) -> Set<T> {
    items.into_iter().collect()
}

/// `s.remove(x)` (KeyError if absent).
pub fn set_remove<T: Hash + Eq + PyFmt>(s: &mut Set<T>, x: &T) {
    if !s.shift_remove(x) {
        key_error(x);
    }
}

/// `s.discard(x)`.
pub fn set_discard<T: Hash + Eq>(s: &mut Set<T>, x: &T) {
    s.shift_remove(x);
}

/// `s.pop()` (KeyError "pop from an empty set"; removes the first element).
pub fn set_pop<T: Hash + Eq>(s: &mut Set<T>) -> T {
    s.shift_remove_index(0)
        .unwrap_or_else(|| raise("KeyError", "'pop from an empty set'"))
}

/// `a | b`.
pub fn set_union<T: Hash + Eq + Clone>(a: &Set<T>, b: &Set<T>) -> Set<T> {
    a.iter().chain(b.iter()).cloned().collect()
}

/// `a & b`.
pub fn set_intersection<T: Hash + Eq + Clone>(a: &Set<T>, b: &Set<T>) -> Set<T> {
    a.iter().filter(|x| b.contains(*x)).cloned().collect()
}

/// `a - b`.
pub fn set_difference<T: Hash + Eq + Clone>(a: &Set<T>, b: &Set<T>) -> Set<T> {
    a.iter().filter(|x| !b.contains(*x)).cloned().collect()
}

/// `a ^ b`.
pub fn set_symmetric_difference<T: Hash + Eq + Clone>(a: &Set<T>, b: &Set<T>) -> Set<T> {
    a.iter()
        .filter(|x| !b.contains(*x))
        .chain(b.iter().filter(|x| !a.contains(*x)))
        .cloned()
        .collect()
}

/// `a <= b`.
pub fn set_issubset<T: Hash + Eq>(a: &Set<T>, b: &Set<T>) -> bool {
    a.iter().all(|x| b.contains(x))
}

/// `a == b` (order-insensitive).
pub fn set_eq<T: Hash + Eq>(a: &Set<T>, b: &Set<T>) -> bool {
    a.len() == b.len() && set_issubset(a, b)
}

/// `collections.Counter(iterable)`: counts in first-seen order.
pub fn counter_from<K: Hash + Eq>(items: impl IntoIterator<Item = K>) -> Dict<K, i64> {
    let mut d = Dict::default();
    counter_update(&mut d, items);
    d
}

/// `counter.update(iterable)`.
pub fn counter_update<K: Hash + Eq>(d: &mut Dict<K, i64>, items: impl IntoIterator<Item = K>) {
    for k in items {
        *d.entry(k).or_insert(0) += 1;
    }
}

/// `counter[k]`: 0 for a missing key, which is not inserted.
pub fn counter_get<K, Q>(d: &Dict<K, i64>, k: &Q) -> i64
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
{
    d.get(k).copied().unwrap_or(0)
}

/// `counter.most_common(n)`: by count, descending; ties keep first-seen order (a stable sort, as CPython).
pub fn most_common<K: Clone>(d: &Dict<K, i64>, n: Option<i64>) -> Vec<(K, i64)> {
    let mut v: Vec<(K, i64)> = d.iter().map(|(k, c)| (k.clone(), *c)).collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.1));
    if let Some(n) = n {
        v.truncate(n.max(0) as usize);
    }
    v
}

/// `repr(counter)`: `Counter({'a': 2, 'b': 1})`, most common first, `Counter()` when empty.
pub fn counter_repr<K: Clone + PyFmt>(d: &Dict<K, i64>) -> String {
    if d.is_empty() {
        return "Counter()".to_string();
    }
    let items: Vec<String> = most_common(d, None)
        .iter()
        .map(|(k, c)| format!("{}: {}", to_repr(k), c))
        .collect();
    format!("Counter({{{}}})", items.join(", "))
}

/// `repr(defaultdict(factory, ...))`: `defaultdict(<class 'int'>, {...})`.
pub fn defaultdict_repr<K: PyFmt, V: PyFmt>(d: &Dict<K, V>, factory: &str) -> String {
    format!("defaultdict(<class '{}'>, {})", factory, to_repr(d))
}
