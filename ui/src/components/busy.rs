//! A button whose action is under way keeps the keyboard's focus.
//!
//! `disabled` on the focused button throws the focus to the top of the
//! page: after pressing Enter on *Lås op* with a wrong passphrase, on *Gem*
//! with an error from the shell, or on an export whose save dialog closed,
//! a keyboard user had to find their way back. A busy button instead says
//! so (`aria-disabled`, drawn like a disabled one) and its action ignores
//! presses until the first is done.

use leptos::prelude::*;

/// `aria-disabled="true"` while `pending`.
pub fn busy(pending: bool) -> Option<&'static str> {
    pending.then_some("true")
}

/// Dispatching an action only when it is not already under way.
pub trait DispatchIdle<I> {
    fn dispatch_idle(&self, input: I);
}

impl<I: 'static, O: 'static> DispatchIdle<I> for Action<I, O> {
    fn dispatch_idle(&self, input: I) {
        if !self.pending().get_untracked() {
            self.dispatch_local(input);
        }
    }
}
