import { useId } from 'react';

export interface SegmentedProps<T extends string> {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}

/** A labelled group of radio buttons shown as one segmented control (controls.css .choice/.segmented). */
export function Segmented<T extends string>({ legend, name, value, options, onChange }: SegmentedProps<T>) {
  const id = useId();
  return (
    <fieldset className="choice">
      <legend className="choice__legend">{legend}</legend>
      <div className="segmented">
        {options.map((option) => (
          <label key={option.value} className="segmented__option">
            <input type="radio" name={`${name}-${id}`} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
