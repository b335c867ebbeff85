//! Python generators: the generator body is an `async` block, so rustc turns it into a state machine,
//! and each `next()` polls it until the following `yield`. Single-threaded and lazy: side effects
//! interleave with the consumer exactly as in CPython, and an exception raised in the body surfaces
//! from the `next()` that ran it.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The handle a generator body yields through.
pub struct Co<T> {
    slot: Rc<Cell<Option<T>>>,
}

/// Suspends the body once, after handing over a value.
struct Suspend(bool);

impl Future for Suspend {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

impl<T> Co<T> {
    /// `yield value`: `.await` it in the body.
    pub fn yield_(&self, value: T) -> impl Future<Output = ()> {
        self.slot.set(Some(value));
        Suspend(false)
    }
}

/// A running generator; iterate it to run its body up to each `yield`.
pub struct Generator<T> {
    slot: Rc<Cell<Option<T>>>,
    body: Option<Pin<Box<dyn Future<Output = ()>>>>,
    /// a library iterator standing for a generator (`csv.reader`, `os.walk`): no body to poll
    items: Option<Box<dyn Iterator<Item = T>>>,
}

/// Starts a generator; `body` receives the yield handle and returns the async body (not run yet).
pub fn generator<T: 'static, F>(body: impl FnOnce(Co<T>) -> F) -> Generator<T>
where
    F: Future<Output = ()> + 'static,
{
    let slot = Rc::new(Cell::new(None));
    let fut = body(Co { slot: slot.clone() });
    Generator {
        slot,
        body: Some(Box::pin(fut)),
        items: None,
    }
}

/// A generator over a Rust iterator (library iterators such as `csv.reader` and `os.walk`).
pub fn from_iter<T: 'static, I: Iterator<Item = T> + 'static>(items: I) -> Generator<T> {
    Generator {
        slot: Rc::new(Cell::new(None)),
        body: None,
        items: Some(Box::new(items)),
    }
}

impl<T> Iterator for Generator<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if let Some(items) = self.items.as_mut() {
            return items.next();
        }
        let body = self.body.as_mut()?;
        let mut cx = Context::from_waker(Waker::noop());
        match body.as_mut().poll(&mut cx) {
            Poll::Ready(()) => {
                self.body = None;
                None
            }
            Poll::Pending => self.slot.take(),
        }
    }
}

/// The future [`try_flow`] returns.
pub struct TryFlow<F> {
    body: Pin<Box<F>>,
}

impl<T, F: Future<Output = crate::exc::Flow<T>>> Future for TryFlow<F> {
    type Output = Result<crate::exc::Flow<T>, crate::exc::PyErr>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let body = self.body.as_mut();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body.poll(cx))) {
            Ok(Poll::Ready(flow)) => Poll::Ready(Ok(flow)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => match crate::exc::payload_to_err(payload) {
                Ok(e) => Poll::Ready(Err(e)),
                Err(payload) => std::panic::resume_unwind(payload),
            },
        }
    }
}

/// A `try` body inside a generator: like [`crate::try_catch`], but the body is an async block that
/// may `yield` (each poll runs under `catch_unwind`, so an exception raised between two yields is caught).
pub fn try_flow<T, F: Future<Output = crate::exc::Flow<T>>>(body: F) -> TryFlow<F> {
    TryFlow {
        body: Box::pin(body),
    }
}

/// `next(gen)`: the next value, or `StopIteration`.
pub fn next<T>(g: &mut impl Iterator<Item = T>) -> T {
    match g.next() {
        Some(v) => v,
        None => crate::exc::raise("StopIteration", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn yields_lazily_and_in_order() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let l2 = log.clone();
        let g = generator(move |co: Co<i64>| async move {
            for i in 0..3 {
                l2.borrow_mut().push(format!("produce {i}"));
                co.yield_(i).await;
            }
            l2.borrow_mut().push("done".to_string());
        });
        for v in g {
            log.borrow_mut().push(format!("consume {v}"));
        }
        assert_eq!(
            *log.borrow(),
            vec![
                "produce 0",
                "consume 0",
                "produce 1",
                "consume 1",
                "produce 2",
                "consume 2",
                "done"
            ]
        );
    }

    #[test]
    fn infinite_generators_stop_when_the_consumer_does() {
        let g = generator(|co: Co<i64>| async move {
            let mut n = 0;
            loop {
                co.yield_(n).await;
                n += 1;
            }
        });
        assert_eq!(g.take(4).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    }
}
