//! Front matter as a tree of positioned YAML nodes, and a serde
//! deserializer over it that reports every problem of a file, not the first.
//!
//! serde stops at the first error, and serde-saphyr with it. To show an
//! analyst all the bad dates of a file at once, the YAML is first read into
//! a [`Node`] tree (every node knowing its line and column), and the typed
//! front matter is deserialized from that tree. When a value fails, its
//! error is recorded and the smallest map entry or list item holding it is
//! left out; the deserialization is then run again from the tree, until it
//! succeeds or no more can be left out. A key that was left out is not
//! reported again as missing. YAML syntax errors still end the file's
//! reading: past one, the structure is a guess.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::{Deserialize, forward_to_deserialize_any};

use crate::diagnostics::Pos;

mod error;
mod events;
mod lines;
#[cfg(test)]
mod tests;

pub use error::{Error, Problem};
pub(in crate::content) use events::read as read_events;
pub(in crate::content) use lines::read as read_lines;

/// The name [`super::yaml::Located`] asks for, so the tree hands it the
/// position of the value along with the value.
pub const LOCATED: &str = "$dossier::Located";

/// At most this many rounds of leaving a bad value out and reading again.
/// Each round costs one walk of the tree, and a bad value inside a list
/// item takes two (the value, then the item that now lacks it), so a file
/// full of mistakes stays cheap and still shows its first 64 problems.
const MAX_ROUNDS: usize = 128;

/// A YAML value as written.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML value and where it was written.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// The value's bytes in the source, when the parser knows them: a
    /// number or a boolean read as text keeps its spelling (`007`).
    span: Option<(usize, usize)>,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<Value>::deserialize(d)?;
        let loc = s.referenced;
        let span = loc.span();
        Ok(Node {
            value: s.value,
            pos: Pos::new(loc.line() as usize, (loc.column() as usize).max(1)),
            span: span
                .byte_offset()
                .zip(span.byte_len())
                .map(|(o, l)| (o as usize, l as usize)),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                Value::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
                Ok(Value::UInt(v))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
                Ok(Value::Float(v as f64))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
                Ok(Value::Float(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Value, E> {
                Ok(Value::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(n) = seq.next_element::<Node>()? {
                    items.push(n);
                }
                Ok(Value::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<Node, Node>()? {
                    entries.push((k, v));
                }
                Ok(Value::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// State shared by one reading of a tree.
struct Ctx<'s> {
    source: &'s str,
    problems: RefCell<Vec<Problem>>,
    /// Nodes (by address) left out of their list or map.
    left_out: RefCell<HashSet<usize>>,
    /// The last key read, for a visitor that refuses a key itself.
    last_key: std::cell::Cell<Option<Pos>>,
}

fn id(node: &Node) -> usize {
    std::ptr::from_ref(node) as usize
}

impl Ctx<'_> {
    fn is_left_out(&self, node: &Node) -> bool {
        self.left_out.borrow().contains(&id(node))
    }

    /// Records `e` (once) and leaves `node` out (once per failure: only the
    /// innermost list item or map entry goes).
    fn fail(&self, mut e: Error, node: &Node) -> Error {
        if !e.recorded {
            self.problems.borrow_mut().push(e.problem.clone());
            e.recorded = true;
        }
        if !e.handled {
            self.left_out.borrow_mut().insert(id(node));
            e.handled = true;
        }
        e
    }
}

/// Deserializes `T` from `root`, returning every problem found.
pub fn read<'de, T: Deserialize<'de>>(root: &Node, source: &str) -> Result<T, Vec<Problem>> {
    let ctx = Ctx {
        source,
        problems: RefCell::new(Vec::new()),
        left_out: RefCell::new(HashSet::new()),
        last_key: std::cell::Cell::new(None),
    };
    for _ in 0..MAX_ROUNDS {
        match T::deserialize(NodeDe {
            node: root,
            ctx: &ctx,
        }) {
            Ok(v) if ctx.problems.borrow().is_empty() => return Ok(v),
            Ok(_) => break,
            Err(e) => {
                if !e.recorded {
                    ctx.problems.borrow_mut().push(e.problem);
                }
                if !e.handled {
                    break;
                }
            }
        }
    }
    let mut problems = ctx.problems.into_inner();
    problems.sort_by_key(|p| p.pos);
    problems.dedup();
    Err(problems)
}

/// A deserializer for one node of the tree.
#[derive(Clone, Copy)]
struct NodeDe<'a, 's> {
    node: &'a Node,
    ctx: &'a Ctx<'s>,
}

impl NodeDe<'_, '_> {
    /// The node as text: a string, or a scalar's spelling in the source.
    fn text(&self) -> Option<String> {
        let spelled = || {
            self.node
                .span
                .and_then(|(o, l)| self.ctx.source.get(o..o + l))
                .map(str::to_string)
        };
        match &self.node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(spelled().unwrap_or_else(|| b.to_string())),
            Value::Int(n) => Some(spelled().unwrap_or_else(|| n.to_string())),
            Value::UInt(n) => Some(spelled().unwrap_or_else(|| n.to_string())),
            Value::Float(n) => Some(spelled().unwrap_or_else(|| n.to_string())),
            _ => None,
        }
    }

    /// Gives errors the node's position and keeps a missing key that was
    /// left out of this map from being reported again.
    fn place<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|mut e| {
            if let (Some(missing), Value::Map(entries)) = (&e.missing, &self.node.value)
                && entries.iter().any(|(k, v)| {
                    self.ctx.is_left_out(v) && matches!(&k.value, Value::Str(s) if s == missing)
                })
            {
                e.recorded = true;
            }
            if e.about_key
                && matches!(self.node.value, Value::Map(_))
                && let Some(key) = self.ctx.last_key.get()
            {
                e = e.at(key);
            }
            e.at(self.node.pos)
        })
    }
}

impl<'de> Deserializer<'de> for NodeDe<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let r = match &self.node.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Int(n) => v.visit_i64(*n),
            Value::UInt(n) => v.visit_u64(*n),
            Value::Float(n) => v.visit_f64(*n),
            Value::Str(s) => v.visit_str(s),
            Value::Seq(items) => v.visit_seq(Items {
                items: items.iter(),
                ctx: self.ctx,
            }),
            Value::Map(entries) => v.visit_map(Entries {
                entries: entries.iter(),
                value: None,
                ctx: self.ctx,
            }),
        };
        self.place(r)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.text() {
            Some(t) => self.place(v.visit_string(t)),
            None => self.deserialize_any(v),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.node.value {
            Value::Null => self.place(v.visit_none()),
            _ => self.place(v.visit_some(self)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        if name == LOCATED {
            v.visit_seq(LocatedParts { de: self, next: 0 })
        } else {
            self.place(v.visit_newtype_struct(self))
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.text() {
            Some(t) => {
                let access: de::value::StringDeserializer<Error> = t.into_deserializer();
                self.place(v.visit_enum(access))
            }
            None => self.deserialize_any(v),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct
    }
}

/// A list's items, leaving out those that failed in an earlier round.
struct Items<'a, 's> {
    items: std::slice::Iter<'a, Node>,
    ctx: &'a Ctx<'s>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.by_ref().find(|n| !self.ctx.is_left_out(n)) else {
            return Ok(None);
        };
        seed.deserialize(NodeDe {
            node,
            ctx: self.ctx,
        })
        .map(Some)
        .map_err(|e| self.ctx.fail(e.at(node.pos), node))
    }
}

/// A map's entries, leaving out those that failed in an earlier round.
struct Entries<'a, 's> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    ctx: &'a Ctx<'s>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self
            .entries
            .by_ref()
            .find(|(_, v)| !self.ctx.is_left_out(v))
        else {
            return Ok(None);
        };
        self.value = Some(value);
        self.ctx.last_key.set(Some(key.pos));
        seed.deserialize(NodeDe {
            node: key,
            ctx: self.ctx,
        })
        .map(Some)
        .map_err(|e| self.ctx.fail(e.at(key.pos), value))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("a value without a key"))?;
        seed.deserialize(NodeDe {
            node,
            ctx: self.ctx,
        })
        .map_err(|e| self.ctx.fail(e.at(node.pos), node))
    }
}

/// What a located value is read as: its line, its column, then the value.
struct LocatedParts<'a, 's> {
    de: NodeDe<'a, 's>,
    next: u8,
}

impl<'de> SeqAccess<'de> for LocatedParts<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let pos = self.de.node.pos;
        self.next += 1;
        match self.next {
            1 => seed
                .deserialize(de::value::U64Deserializer::<Error>::new(pos.line as u64))
                .map(Some),
            2 => seed
                .deserialize(de::value::U64Deserializer::<Error>::new(pos.col as u64))
                .map(Some),
            3 => seed.deserialize(self.de).map(Some),
            _ => Ok(None),
        }
    }
}
