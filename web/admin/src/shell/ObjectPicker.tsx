import { Combobox, Field, Option } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { odataString } from '../users/users-api';

export type Picked = { id: string; displayName: string; detail?: string };

/**
 * A searchable picker over a directory list (`/users` or `/groups`): typing queries the server with
 * startsWith on the display name, so it works for directories of any size.
 */
export function ObjectPicker(props: { label: string; path: '/users' | '/groups'; value: Picked | undefined; onChange(value: Picked | undefined): void; placeholder?: string; hint?: string }) {
  const { api } = useAccess();
  const { t } = useLocale();
  const [text, setText] = useState(props.value?.displayName ?? '');
  const [options, setOptions] = useState<Picked[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const term = text.trim();
    // An answer for an earlier text that arrives late must not replace the options of this one.
    let live = true;
    const timer = setTimeout(() => {
      let request = api.api(props.path).top(20).select(props.path === '/users' ? 'id,displayName,userPrincipalName' : 'id,displayName,description');
      if (term) request = request.filter(`startsWith(displayName,${odataString(term)})`);
      request.get().then(
        (page: { value: { id: string; displayName: string; userPrincipalName?: string; description?: string }[] }) =>
          live && setOptions(page.value.map((o) => ({ id: o.id, displayName: o.displayName, detail: o.userPrincipalName ?? o.description ?? '' }))),
        () => live && setOptions([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, props.path, text]);
  return (
    <Field label={props.label} hint={props.hint}>
      <Combobox
        freeform={false}
        value={text}
        placeholder={props.placeholder}
        selectedOptions={props.value ? [props.value.id] : []}
        open={open}
        onOpenChange={(_, d) => setOpen(d.open)}
        onInput={(e) => {
          const typed = (e.target as HTMLInputElement).value;
          setText(typed);
          setOpen(true);
          // Clearing the box clears the choice (a filter built on it then lists everything again).
          if (!typed.trim() && props.value) props.onChange(undefined);
        }}
        onOptionSelect={(_, d) => {
          const picked = options.find((o) => o.id === d.optionValue);
          props.onChange(picked);
          setText(picked?.displayName ?? '');
        }}
      >
        {options.length === 0 ? (
          <Option key="none" value="" disabled text={t.noMatches}>
            {t.noMatches}
          </Option>
        ) : (
          options.map((o) => (
            <Option key={o.id} value={o.id} text={o.displayName}>
              {o.detail ? `${o.displayName} (${o.detail})` : o.displayName}
            </Option>
          ))
        )}
      </Combobox>
    </Field>
  );
}
