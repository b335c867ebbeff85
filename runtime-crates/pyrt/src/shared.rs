//! Shared objects: instances of the classes that Python programs alias and mutate through several names.
//!
//! A `Shared<T>` is a reference-counted handle (`Rc<RefCell<T>>`): cloning it copies the reference, not the
//! object, so a mutation through one handle is seen through every other, as in Python. The generated code
//! keeps every borrow short (one field read or write at a time) and never holds one across a call of user
//! code, so the `RefCell` checks cannot fail for valid programs.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

/// A handle to one Python object of a shared class.
pub struct Shared<T>(Rc<RefCell<T>>);

impl<T> Shared<T> {
    /// A new object holding `value`.
    #[inline]
    pub fn new(value: T) -> Self {
        Shared(Rc::new(RefCell::new(value)))
    }

    /// Reads the object (for one field access).
    #[inline]
    pub fn borrow(&self) -> Ref<'_, T> {
        self.0.borrow()
    }

    /// Writes the object (for one field store).
    #[inline]
    pub fn borrow_mut(&self) -> RefMut<'_, T> {
        self.0.borrow_mut()
    }

    /// Python's `id()`: the object's address, the same for every handle to it.
    #[inline]
    pub fn id(&self) -> usize {
        Rc::as_ptr(&self.0) as *const () as usize
    }

    /// Python's `is`: whether both handles name the same object.
    #[inline]
    pub fn is(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Clone for Shared<T> {
    #[inline]
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T: Default> Default for Shared<T> {
    fn default() -> Self {
        Shared::new(T::default())
    }
}

/// Python's `is`: object identity, for handles and optional handles (`None is None` holds).
pub trait Identity {
    /// Whether `self` and `other` are the same object.
    fn is(&self, other: &Self) -> bool;
}

impl<T> Identity for Shared<T> {
    #[inline]
    fn is(&self, other: &Self) -> bool {
        Shared::is(self, other)
    }
}

impl<H: Identity> Identity for Option<H> {
    #[inline]
    fn is(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.is(b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// `a is b`.
#[inline]
pub fn is<H: Identity>(a: &H, b: &H) -> bool {
    a.is(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_see_mutations() {
        let a = Shared::new(1);
        let b = a.clone();
        *b.borrow_mut() += 1;
        assert_eq!(*a.borrow(), 2);
        assert!(a.is(&b));
        assert_eq!(a.id(), b.id());
        assert!(!a.is(&Shared::new(2)));
        assert!(is(&Some(a.clone()), &Some(b)));
        assert!(is::<Option<Shared<i32>>>(&None, &None));
        assert!(!is(&Some(a), &None));
    }
}
