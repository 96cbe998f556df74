import type { SchemaField } from './schema-fields';
import './input-fields.css';

/** The input's fields as the schema declares them: a reference beside the editor. */
export function InputFields({ fields }: { fields: SchemaField[] }) {
  return (
    <section className="input-fields" aria-label="Input fields">
      <h4>Fields</h4>
      <dl>
        {fields.map((field) => (
          <div className="input-field" key={field.name} data-field={field.name}>
            <dt>
              <span className="input-field-name mono">{field.name}</span>
              <span className="input-field-type mono">{field.type}</span>
              {field.required ? (
                <span className="input-field-tag">required</span>
              ) : (
                <span className="input-field-tag optional">optional</span>
              )}
            </dt>
            {(field.description !== undefined || field.defaultText !== undefined) && (
              <dd>
                {field.description}
                {field.defaultText !== undefined && (
                  <span className="input-field-default">
                    default <span className="mono">{field.defaultText}</span>
                  </span>
                )}
              </dd>
            )}
          </div>
        ))}
      </dl>
    </section>
  );
}
