//! The fault plan: pending faults and latencies per route, used up by
//! requests in order, a route's own before `Any`'s.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use super::grammar::{Fault, Route};

/// Pending faults and latencies per route.
#[derive(Default)]
pub(crate) struct FaultPlan {
    queues: HashMap<Route, VecDeque<(Fault, usize)>>,
    latency: HashMap<Route, Duration>,
}

impl FaultPlan {
    /// Queues a fault for the next `times` requests of a route, after those
    /// already queued there.
    pub fn inject(&mut self, route: Route, fault: Fault, times: usize) {
        if times > 0 {
            self.queues
                .entry(route)
                .or_default()
                .push_back((fault, times));
        }
    }

    /// Sets a route's delay; zero removes it.
    pub fn set_latency(&mut self, route: Route, delay: Duration) {
        if delay.is_zero() {
            self.latency.remove(&route);
        } else {
            self.latency.insert(route, delay);
        }
    }

    /// Drops every pending fault and latency.
    pub fn clear(&mut self) {
        *self = FaultPlan::default();
    }

    /// The delay before handling a request: its route's own, else `Any`'s.
    /// `route` is `None` for requests outside the contract routes.
    pub fn latency(&self, route: Option<Route>) -> Duration {
        route
            .and_then(|r| self.latency.get(&r))
            .or_else(|| self.latency.get(&Route::Any))
            .copied()
            .unwrap_or_default()
    }

    /// Uses up the next fault for a request: its route's own first, else `Any`'s.
    pub fn take(&mut self, route: Option<Route>) -> Option<Fault> {
        route.into_iter().chain([Route::Any]).find_map(|r| {
            let queue = self.queues.get_mut(&r)?;
            let (fault, left) = queue.front_mut()?;
            let fault = *fault;
            // `forever` stays forever.
            if *left != usize::MAX {
                *left -= 1;
            }
            if *left == 0 {
                queue.pop_front();
            }
            Some(fault)
        })
    }

    /// Pending faults in route order, each with how many requests it has
    /// left (`usize::MAX` for `forever`).
    pub fn pending(&self) -> Vec<(Route, Fault, usize)> {
        Route::ALL
            .into_iter()
            .flat_map(|r| {
                self.queues
                    .get(&r)
                    .into_iter()
                    .flatten()
                    .map(move |&(fault, times)| (r, fault, times))
            })
            .collect()
    }

    /// Latencies in route order.
    pub fn latencies(&self) -> Vec<(Route, Duration)> {
        Route::ALL
            .into_iter()
            .filter_map(|r| self.latency.get(&r).map(|d| (r, *d)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_uses_route_faults_before_any_and_counts_down() {
        let mut plan = FaultPlan::default();
        plan.inject(Route::Any, Fault::Malformed, 1);
        plan.inject(Route::Create, Fault::Status(500), 2);
        assert_eq!(plan.take(Some(Route::Create)), Some(Fault::Status(500)));
        assert_eq!(plan.take(Some(Route::Create)), Some(Fault::Status(500)));
        assert_eq!(plan.take(Some(Route::Create)), Some(Fault::Malformed));
        assert_eq!(plan.take(Some(Route::Create)), None);
        plan.inject(Route::Users, Fault::Hang, usize::MAX);
        for _ in 0..3 {
            assert_eq!(plan.take(Some(Route::Users)), Some(Fault::Hang));
        }
        plan.set_latency(Route::Any, Duration::from_millis(5));
        plan.set_latency(Route::Users, Duration::from_millis(9));
        assert_eq!(plan.latency(Some(Route::Users)), Duration::from_millis(9));
        assert_eq!(plan.latency(None), Duration::from_millis(5));
    }

    #[test]
    fn pending_and_latencies_list_in_route_order() {
        let mut plan = FaultPlan::default();
        plan.inject(Route::Any, Fault::Hang, usize::MAX);
        plan.inject(Route::Users, Fault::Status(404), 2);
        plan.inject(Route::Users, Fault::Malformed, 1);
        plan.set_latency(Route::Any, Duration::from_millis(7));
        plan.set_latency(Route::Company, Duration::from_millis(3));
        assert_eq!(
            plan.pending(),
            [
                (Route::Users, Fault::Status(404), 2),
                (Route::Users, Fault::Malformed, 1),
                (Route::Any, Fault::Hang, usize::MAX),
            ]
        );
        assert_eq!(
            plan.latencies(),
            [
                (Route::Company, Duration::from_millis(3)),
                (Route::Any, Duration::from_millis(7)),
            ]
        );
    }
}
