//! `cordon schema`: the JSON Schema (or Markdown reference) of the scenario format.

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the Markdown reference of every key instead of the JSON Schema.
    #[arg(long)]
    pub markdown: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    use std::io::Write as _;
    let text = if args.markdown {
        cordon_model::spec::markdown_reference()
    } else {
        let mut s = serde_json::to_string_pretty(&cordon_model::schema::json_schema())?;
        s.push('\n');
        s
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(())
}
