//! The variable table: names interned to slot numbers, values in a `Vec` indexed by slot.
//!
//! The generated code knows the slot of every name the script spells out (the names it hands to
//! [`crate::run_main`] are interned first, in order), so the hot paths index the `Vec` instead of hashing a
//! name. Names made up at run time (`declare "$n"=...`, the environment) are interned on first use. A slot
//! holding `None` is a variable that does not exist; `local` saves and restores whole slots, so a function
//! sees its caller's locals (bash's dynamic scoping) whatever the slot.

use crate::state::{FxMap, Var};

#[derive(Clone, Default)]
pub struct Vars {
    ids: FxMap<String, u32>,
    names: Vec<String>,
    slots: Vec<Option<Var>>,
}

impl Vars {
    /// A table whose first slots are `names`, in order.
    pub fn with_names(names: &[&str]) -> Vars {
        let mut v = Vars::default();
        for n in names {
            v.id(n);
        }
        v
    }

    /// The slot of `name`, interned on first use.
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.ids.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.ids.insert(name.to_string(), i);
        self.names.push(name.to_string());
        self.slots.push(None);
        i
    }

    pub fn lookup(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    #[inline]
    pub fn at(&self, id: u32) -> Option<&Var> {
        self.slots.get(id as usize).and_then(|v| v.as_ref())
    }

    #[inline]
    pub fn at_mut(&mut self, id: u32) -> Option<&mut Var> {
        self.slots.get_mut(id as usize).and_then(|v| v.as_mut())
    }

    /// The variable in slot `id`, created (unset, no attributes) when it does not exist.
    #[inline]
    pub fn at_entry(&mut self, id: u32) -> &mut Var {
        self.slots[id as usize].get_or_insert_with(Var::default)
    }

    /// Replace the whole slot (`None`: the variable no longer exists); the old content.
    pub fn replace_at(&mut self, id: u32, v: Option<Var>) -> Option<Var> {
        std::mem::replace(&mut self.slots[id as usize], v)
    }

    pub fn get(&self, name: &str) -> Option<&Var> {
        self.lookup(name).and_then(|i| self.at(i))
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Var> {
        match self.lookup(name) {
            Some(i) => self.at_mut(i),
            None => None,
        }
    }

    pub fn entry(&mut self, name: &str) -> &mut Var {
        let i = self.id(name);
        self.at_entry(i)
    }

    pub fn insert(&mut self, name: &str, v: Var) {
        let i = self.id(name);
        self.slots[i as usize] = Some(v);
    }

    pub fn remove(&mut self, name: &str) {
        if let Some(i) = self.lookup(name) {
            self.slots[i as usize] = None;
        }
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The variables that exist, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Var)> {
        self.names
            .iter()
            .zip(self.slots.iter())
            .filter_map(|(n, v)| v.as_ref().map(|v| (n.as_str(), v)))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(n, _)| n)
    }
}
