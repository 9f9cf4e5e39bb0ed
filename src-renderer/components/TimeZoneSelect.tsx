import { useMemo } from 'react';
import { SelectField, type SelectFieldProps } from './SelectField';


/** The zones the engine knows, UTC first; `current` is kept even when the list lacks it, so a saved zone always shows. */
function zonesWith(current: string): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: 'timeZone') => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone').filter((z) => z !== 'UTC') : [];
  return ['UTC', ...zones, ...(current && current !== 'UTC' && !zones.includes(current) ? [current] : [])];
}

/** A select of IANA time zones (Europe/Berlin, America/New_York, …). */
export function TimeZoneSelect({ value, label = 'Time zone', ...rest }: Omit<SelectFieldProps, 'options' | 'label' | 'value'> & { value: string; label?: string }) {
  const options = useMemo(() => zonesWith(value).map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })), [value]);
  return <SelectField label={label} value={value} options={options} {...rest} />;
}
