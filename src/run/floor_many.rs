//! Several speakers added to a floor's list in one change: a list of names
//! pasted at the console. One event (`floor_add_many`), so the journal holds
//! the whole paste or none of it, and one step for undo to take back.

use serde::{Deserialize, Serialize};

use super::floor::{EntryId, FloorState, clean_name};
use super::{Action, Refusal, SegmentId, refuse};
use crate::plan;

/// One speaker of a `floor_add_many`, under the id the console gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    pub entry: EntryId,
    pub name: String,
}

/// The event that adds `names` at the end of `floor`'s list, each a speaker
/// of the floor's kind, or why not: no names, a blank one, or more than the
/// list holds.
pub(super) fn add_many(
    segment: SegmentId,
    floor: &FloorState,
    names: &[String],
) -> Result<Action, Refusal> {
    if names.is_empty() {
        return refuse("no names to add");
    }
    let room = plan::floor::MAX_ENTRIES.saturating_sub(floor.list.len());
    if names.len() > room {
        return refuse(format!(
            "{} names would not fit: the list holds {} and a floor at most {}",
            names.len(),
            floor.list.len(),
            plan::floor::MAX_ENTRIES
        ));
    }
    if floor.next_id + names.len() > super::floor::MAX_ENTRY_ID {
        return refuse(super::floor::ids_spent());
    }
    let entries = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            Ok(Added {
                entry: floor.next_id + k,
                name: clean_name(name)?,
            })
        })
        .collect::<Result<Vec<_>, Refusal>>()?;
    let action = Action::FloorAddMany {
        segment,
        kind: floor.kind.clone(),
        entries,
    };
    let bytes = serde_json::to_string(&action).map_or(usize::MAX, |j| j.len());
    if bytes > MAX_EVENT_BYTES {
        return refuse(format!(
            "{} names are too long for one change ({} KiB): paste them in two or more parts",
            names.len(),
            bytes.div_ceil(1024)
        ));
    }
    Ok(action)
}

/// The most one paste's event may take, with room for its time and source
/// under the journal's longest event line (64 KiB): 500 names of 80
/// characters in a script of three bytes a character would not fit.
const MAX_EVENT_BYTES: usize = 60 * 1024;

/// "add 5 speakers to the list (Chile, Peru, …)", for "undone: …".
pub(super) fn describe(entries: &[Added]) -> String {
    match entries {
        [one] => format!("add {} to the list", one.name),
        _ => format!("add {} speakers to the list", entries.len()),
    }
}
